package org.opensafeguarding.workflow.caserecords;

import org.opensafeguarding.workflow.audit.AuditAction;
import org.opensafeguarding.workflow.audit.AuditLog;
import org.opensafeguarding.workflow.casefile.CaseId;
import org.opensafeguarding.workflow.casefile.CaseRepository;
import org.opensafeguarding.workflow.casefile.InvalidCaseDataException;
import org.opensafeguarding.workflow.deadlines.Deadlines;
import org.opensafeguarding.workflow.events.CaseEvents;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code case.close} does: the case record becomes CLOSED with its reason, once, with a case-closed event; its
 * deadlines still open lapse ({@link Deadlines#lapseOpen}).
 */
@Service
public class CaseClosing {

    /** Header values of {@code closeReason} (docs/processes.md §1.6); absent means the process ran to its end. */
    public static final List<String> REASONS = List.of("sin-not-required", "sin-withdrawn", "no-lcspr");

    private final CaseRepository cases;
    private final CaseEvents events;
    private final AuditLog audit;
    private final Deadlines deadlines;

    public CaseClosing(CaseRepository cases, CaseEvents events, AuditLog audit, Deadlines deadlines) {
        this.cases = cases;
        this.events = events;
        this.audit = audit;
        this.deadlines = deadlines;
    }

    /** @return true when this call closed the case; false when it was closed already */
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean close(CaseId caseId, String reason, Instant now, String actor) {
        if (reason != null && !REASONS.contains(reason)) {
            throw new InvalidCaseDataException("header closeReason: '" + reason + "' is not one of " + REASONS);
        }
        cases.require(caseId);
        if (!cases.closeIfOpen(caseId, now, reason)) {
            return false;
        }
        deadlines.lapseOpen(caseId, now, actor);
        events.caseClosed(caseId, reason);
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("change", "closed");
        detail.put("closureReason", reason);
        audit.record(actor, AuditAction.UPDATE, "case", caseId.toString(), detail);
        return true;
    }
}
