package org.opensafeguarding.workflow.intake;

import org.opensafeguarding.workflow.casefile.CaseId;
import org.opensafeguarding.workflow.casefile.ReferralId;

/**
 * @param caseCreated  this referral opened the case (false when it added to a case named in {@code subject})
 * @param replay       the event id had been accepted before; nothing changed this time
 */
public record IntakeResult(CaseId caseId, ReferralId referralId, String eventId, boolean caseCreated, boolean replay) {
}
