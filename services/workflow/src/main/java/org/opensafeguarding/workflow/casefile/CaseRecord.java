package org.opensafeguarding.workflow.casefile;

import java.time.Instant;
import java.time.LocalDate;

/**
 * A case row. {@code subjectBirthDate} is personal data and never leaves this service: events carry an
 * age band computed from it.
 */
public record CaseRecord(CaseId id, CaseType type, String processId, String processVersion, String tenant,
                         CaseStatus status, LocalDate triggerDate, LocalDate subjectBirthDate, Instant openedAt,
                         Long processInstanceKey) {
}
