package org.opensafeguarding.workflow.tasklist;

import com.fasterxml.jackson.databind.JsonNode;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/** What the tasklist API returns. Task keys are strings, as in Camunda's API, because they exceed 2^53. */
final class TaskViews {

    private TaskViews() {
    }

    @Schema(name = "Task", description = "A user task of a case, as mirrored from the engine")
    record TaskView(String taskKey, String caseId, String name, String processId, String elementId, String formId,
                    List<String> candidateGroups, List<String> candidateUsers, String assignee, Instant dueAt,
                    Instant followUpAt, int priority, String status, Instant createdAt, Instant endedAt,
                    @Schema(description = "the case's type (LADO_ALLEGATION, CHILD_DEATH, ...)") String caseType,
                    @Schema(description = "the step: the task's BPMN element id") String taskType,
                    @Schema(description = "what the tray shows: the task's name, or its step when it has none")
                    String label,
                    @Schema(description = "the London calendar day of dueAt (YYYY-MM-DD), null when not due")
                    LocalDate dueDate) {

        static TaskView of(TaskRow t) {
            return of(t, null);
        }

        static TaskView of(TaskRow t, String caseType) {
            return new TaskView(Long.toString(t.taskKey()), t.caseId().toString(), t.name(), t.processId(),
                    t.elementId(), t.formId(), t.candidateGroups(), t.candidateUsers(), t.assignee(), t.dueAt(),
                    t.followUpAt(), t.priority(), t.status().name(), t.createdAt(), t.endedAt(), caseType,
                    t.taskType(), t.name() == null || t.name().isBlank() ? t.elementId() : t.name(),
                    t.dueAt() == null ? null : LocalDate.ofInstant(t.dueAt(), WorkTray.LONDON));
        }
    }

    @Schema(name = "TrayCounts", description = "How many open tasks each tray tab holds under the same filters")
    record CountsView(@Schema(description = "claimed by you") long mine,
                      @Schema(description = "in your candidate groups, claimed by nobody") long unassigned,
                      @Schema(description = "every open task of your candidate groups") long groups) {
    }

    @Schema(name = "TaskHistory", description = "What happened to the task, oldest first")
    record HistoryView(List<HistoryItem> items) {
    }

    @Schema(name = "TaskHistoryItem")
    record HistoryItem(Instant at,
                       @Schema(description = "CREATED, CLAIMED, ASSIGNED (at the engine, outside this service), "
                               + "UNASSIGNED, COMPLETED or CANCELED") String action,
                       @Schema(description = "the candidate group the person acted in; null for the engine")
                       String actorRole,
                       @Schema(description = "the staff identifier of the person who acted through this service; "
                               + "null for the engine and changes made outside the service") String actor) {
    }

    @Schema(name = "TaskDetail", description = "A task with the process variables its form reads")
    record TaskDetailView(@Schema(implementation = TaskView.class) TaskView task,
                          @Schema(description = "Routing variables the form needs (option lists, conditions) and the "
                                  + "task's own inputs, by name, as JSON values") Map<String, JsonNode> variables,
                          @Schema(description = "false when the engine could not be asked for them just now")
                          boolean variablesAvailable,
                          @Schema(description = "the statutory or local timescale the task's due date belongs to; null "
                                  + "when it belongs to none") TaskTimescales.DeadlineView deadline,
                          @Schema(description = "for an escalation task: which deadline of which case passed and "
                                  + "when; null for any other task (and while the engine cannot be asked)")
                          TaskTimescales.EscalationView escalation) {
    }

    @Schema(name = "TaskPage")
    record TaskPage(List<TaskView> items, int page, int size, long totalItems,
                    @Schema(description = "open tasks you are a candidate for on restricted cases you are not named on: "
                            + "they exist, and are not shown (break the glass on the case if you must see one)")
                    long restrictedHidden) {
    }

    @Schema(name = "TaskForm", description = "The task's Camunda form (form-js JSON) as deployed")
    record FormView(String formId, long version, String formKey, JsonNode schema) {
    }

    /**
     * The body of a completion as the document shows it (the API reads it as JSON and checks it against the task's
     * form): the form's values by field key, with the free text under record.
     */
    @Schema(name = "TaskCompletionValues", description = "The form's values by field key (the form's own field "
            + "types: strings, numbers, booleans, lists of option values, YYYY-MM-DD dates). record.* fields are free "
            + "text: kept in the case record, never sent to the engine.",
            additionalProperties = Schema.AdditionalPropertiesValue.TRUE)
    record CompletionValues(
            @Schema(description = "present when the completion is a decision: the decision maker's role; "
                    + "record.rationale is then required") String decisionMakerRole,
            @Schema(description = "free-text fields by key (also accepted flat, as \"record.<key>\")")
            Map<String, String> record) {
    }

    @Schema(name = "TaskCompletion")
    record CompletionView(String taskKey, String caseId,
                          @Schema(description = "COMPLETED: the engine has it; PENDING: recorded here, the engine will "
                                  + "be told when it can be reached (send the same request again, or wait)")
                          String status,
                          @Schema(description = "true when this request repeated an earlier one and changed nothing")
                          boolean repeat,
                          boolean decisionRecorded,
                          @Schema(description = "timescale ids of the deadlines this completion met (empty when "
                                  + "the request was a repeat)")
                          List<String> deadlinesMet) {
    }
}
