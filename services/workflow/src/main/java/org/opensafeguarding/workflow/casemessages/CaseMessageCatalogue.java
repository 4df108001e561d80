package org.opensafeguarding.workflow.casemessages;

import org.opensafeguarding.workflow.casefile.CaseType;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import static org.opensafeguarding.workflow.casemessages.MessageField.requiredCode;
import static org.opensafeguarding.workflow.casemessages.MessageField.requiredDate;

/**
 * The allow-list: which case-keyed message each case type may receive through the API, who may send it and what its
 * body carries. None of the catching elements has output mappings and no gateway after them reads a message variable
 * (the routes are decided by the tasks that follow), so the bodies carry the day the thing happened, for the case's
 * timeline, and the panel's advice code, which the next task's form ({@code scr-panel-advice}) shows as its
 * {@code panelAdvice} field and its output mapping then writes.
 */
final class CaseMessageCatalogue {

    /** The codes of form {@code scr-panel-advice}'s {@code panelAdvice} field (docs/processes.md §4.4). */
    static final List<String> PANEL_ADVICE = List.of("AGREES", "ADVISES_SCR", "ADVISES_OTHER", "REQUESTS_INFORMATION");

    static final List<CaseMessageDefinition> MESSAGES = List.of(
            new CaseMessageDefinition("lado.written-referral.received", "Written referral received",
                    CaseType.LADO_ALLEGATION,
                    "Receive_Written", Set.of("lado"),
                    List.of(requiredDate("receivedOn", "writtenReferralReceivedOn"))),
            new CaseMessageDefinition("cdr.post-mortem-report.received", "Post-mortem report received",
                    CaseType.CHILD_DEATH,
                    "ReceivePm", Set.of("cdop-coordinator"),
                    List.of(requiredDate("receivedOn", "postMortemReportReceivedOn"))),
            new CaseMessageDefinition("cdr.parallel-processes.concluded", "Parallel processes concluded",
                    CaseType.CHILD_DEATH,
                    "ReceiveParallel", Set.of("cdop-coordinator"),
                    List.of(requiredDate("concludedOn", "parallelProcessesConcludedOn"))),
            new CaseMessageDefinition("review.panel-advice.received", "National panel's advice received",
                    CaseType.SERIOUS_CASE_REVIEW,
                    "CatchAdvice, boundary PanelAdviceDuringReview", Set.of("review-business-unit", "review-chair"),
                    List.of(requiredCode("panelAdvice", "panelAdvice", PANEL_ADVICE),
                            requiredDate("receivedOn", "panelAdviceReceivedOn"))),
            new CaseMessageDefinition("review.parallel-proceedings.concluded", "Parallel proceedings concluded",
                    CaseType.SERIOUS_CASE_REVIEW,
                    "CatchProceedings", Set.of("review-business-unit"),
                    List.of(requiredDate("concludedOn", "parallelProceedingsConcludedOn"))),
            new CaseMessageDefinition("review.sin-withdrawn", "Serious incident notification withdrawn",
                    CaseType.SERIOUS_INCIDENT,
                    "interrupting boundary SinWithdrawn", Set.of("review-business-unit", "safeguarding-partners"),
                    List.of(requiredDate("withdrawnOn", "sinWithdrawnOn"))));

    /** Messages that exist but are not sent through this endpoint, and where they come from instead. */
    static final Map<String, String> SENT_ELSEWHERE = Map.of(
            "agency-request.returned", "POST /api/cases/{caseId}/agency-requests/{requestType}/{agencyId}/response",
            "referral-received", "the referral intake (POST /api/referrals naming the case)",
            "sin.candidate.raised", "the child death process (case-message.publish)",
            "deadline.escalation.requested", "the case-event.emit worker");

    private CaseMessageCatalogue() {
    }

    static Optional<CaseMessageDefinition> find(String messageName) {
        return MESSAGES.stream().filter(m -> m.messageName().equals(messageName)).findFirst();
    }

    /** The message names a case of this type may receive through the API, sorted. */
    static Set<String> allowedFor(CaseType type) {
        Set<String> names = new TreeSet<>();
        MESSAGES.stream().filter(m -> m.caseType() == type).forEach(m -> names.add(m.messageName()));
        return names;
    }
}
