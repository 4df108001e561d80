package org.opensafeguarding.workflow.processes.support;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.opensafeguarding.workflow.casefile.CaseId;

/**
 * A case under test: its record and its process instance.
 *
 * @param referral the CloudEvent it was opened with (its personal data is what must never leave the service), or
 *                 null for a case a process step opened (a serious incident raised by a child death review)
 */
public record ProcessCase(CaseId caseId, long processInstanceKey, String processId, ObjectNode referral) {
}
