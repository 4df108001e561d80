package org.opensafeguarding.workflow.cases;

import io.swagger.v3.oas.annotations.media.Schema;
import org.opensafeguarding.workflow.casemessages.AwaitableMessages;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** What the case API returns. Engine keys are strings, as in the tasklist, because they exceed 2^53. */
final class CaseViews {

    private CaseViews() {
    }

    @Schema(name = "CaseSummary", description = "A case and what its referral says. For a restricted case the caller "
            + "is not named on (and holds no break-glass grant for) only caseId, caseType, tenant and restricted are "
            + "filled in: the case exists, nothing more")
    record SummaryView(String caseId, String caseType, String tenant,
                       @Schema(description = "OPEN or CLOSED") String status, Instant openedAt,
                       @Schema(description = "the regime the case is pinned to, e.g. LADO-WT2018") String regime,
                       boolean restricted,
                       @Schema(description = "the referral that opened the case; null when the caller may not see "
                               + "inside it, or for an imported historical case") ReferralView referral,
                       @Schema(description = "how many referrals the case has (follow-ups add to a case)") int referrals,
                       List<LinkedCaseView> linkedCases,
                       @Schema(description = "case messages the process waits for now that the caller may send "
                               + "(POST /api/cases/{caseId}/messages/{messageName})") List<AwaitableMessages.Awaitable> messages,
                       @Schema(description = "false when the engine could not be asked which messages it waits for")
                       boolean messagesAvailable) {
    }

    @Schema(name = "CaseReferral")
    record ReferralView(@Schema(description = "e.g. lado-allegation") String kind, Instant receivedAt,
                        @Schema(description = "KAFKA or REST") String channel, List<ReferralField> fields) {
    }

    @Schema(name = "CaseReferralField", description = "One item of the referral, in the order the sender gave them")
    record ReferralField(@Schema(description = "JSON path of the item, e.g. allegation.narrative, children[0].age")
                         String name, String label, String value) {
    }

    @Schema(name = "LinkedCase")
    record LinkedCaseView(String caseId, String caseType,
                          @Schema(description = "RAISED (this case raised it, e.g. a child death's serious-incident "
                                  + "notification) or RAISED_BY (it raised this case)") String relation) {
    }

    @Schema(name = "CaseTimeline")
    record TimelineView(List<TimelineItem> items) {
    }

    @Schema(name = "CaseTimelineItem", description = "What happened, oldest first: codes, days and roles, never people")
    record TimelineItem(@Schema(description = "when it was recorded") Instant at,
                        @Schema(description = "the day it happened, where the record says (a form's business date, "
                                + "a message's day, the referral's trigger date)") LocalDate businessDate,
                        @Schema(description = "case event type without its prefix (task.completed, deadline.breached, "
                                + "...), or message.received") String type,
                        String label, String taskType, String actorRole) {
    }

    @Schema(name = "CaseDeadlines")
    record DeadlinesView(@Schema(description = "the London day RAG is computed for") LocalDate today,
                         List<DeadlineItem> items) {
    }

    @Schema(name = "CaseDeadline")
    record DeadlineItem(String timescaleId, String label,
                        @Schema(description = "the last day on time") LocalDate dueDate,
                        @Schema(description = "OPEN, MET, BREACHED or LAPSED") String state,
                        @Schema(description = "today: RED past due or breached (while the case is open), AMBER from "
                                + "safeguarding.cases.amber-working-days working days before due, GREEN before; null "
                                + "once met, lapsed, or breached on a closed case") String rag,
                        @Schema(description = "the day it was met (MET only)") LocalDate metOn,
                        @Schema(description = "when it was met, breached or lapsed") Instant resolvedAt) {
    }

    @Schema(name = "CaseDiagram")
    record DiagramView(String processDefinitionId, String processDefinitionKey, String processInstanceKey,
                       @Schema(description = "the deployed BPMN 2.0 XML (with its diagram) the instance runs")
                       String bpmnXml,
                       List<ActiveElement> activeElements,
                       @Schema(description = "ids of the elements the instance has completed, each once, in the "
                               + "order the engine lists them") List<String> completedElements) {
    }

    @Schema(name = "CaseDiagramActiveElement", description = "An active element; a user task once per open task")
    record ActiveElement(String elementId,
                         @Schema(description = "the open user task's key (user tasks only)") String taskKey,
                         @Schema(description = "the task's due date, as the day it shows (London)") LocalDate dueDate,
                         @Schema(description = "the task's due instant") Instant dueAt) {
    }
}
