package org.opensafeguarding.workflow.tasklist;

import com.fasterxml.jackson.databind.JsonNode;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.opensafeguarding.workflow.tasklist.TaskViews.CompletionView;
import org.opensafeguarding.workflow.tasklist.TaskViews.CountsView;
import org.opensafeguarding.workflow.tasklist.TaskViews.HistoryItem;
import org.opensafeguarding.workflow.tasklist.TaskViews.HistoryView;
import org.opensafeguarding.workflow.tasklist.TaskViews.FormView;
import org.opensafeguarding.workflow.tasklist.TaskViews.TaskDetailView;
import org.opensafeguarding.workflow.tasklist.TaskViews.TaskPage;
import org.opensafeguarding.workflow.tasklist.TaskViews.TaskView;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The tasklist API (docs/tasklist.md). Caseworkers complete the engine's user tasks through it, never at the
 * engine, so free text stays in the case record, every read and change is audited and case events are written.
 * Every operation needs a person's access token (docs/security.md).
 */
@RestController
@RequestMapping(path = "/api/tasks", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Tasks", description = "User tasks of cases: list, read, claim, unassign, complete. Only candidates of a "
        + "task, in the case's partnership and working on its case type, may see or change it; a restricted case's "
        + "tasks only the people named on it.")
class TaskController {

    private final TaskService tasks;
    private final TaskCompletions completions;

    TaskController(TaskService tasks, TaskCompletions completions) {
        this.tasks = tasks;
        this.completions = completions;
    }

    @Operation(summary = "The work tray: open tasks the caller is a candidate for, soonest due first",
            description = "Filters combine. view=mine: claimed by the caller; view=unassigned: in the caller's "
                    + "candidate groups, claimed by nobody; view=groups: every open task of the caller's groups; "
                    + "without view: every open task the caller is a candidate for (groups or named). due=overdue: "
                    + "due before now; due=week: due from now to the end of the seventh day after today (London). "
                    + "Order: due date ascending (no due date last), then priority descending. 400 problem JSON "
                    + "naming each invalid parameter; 403 when candidateGroup is not one of the caller's groups or "
                    + "tenant not one of their partnerships.",
            responses = {@ApiResponse(responseCode = "200", description = "a page of tasks"),
                    @ApiResponse(responseCode = "400", description = "a parameter is not valid", content = @Content(
                            mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE)),
                    @ApiResponse(responseCode = "401", description = "no caller identity", content = @Content(
                            mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE)),
                    @ApiResponse(responseCode = "403", description = "not the caller's group or partnership",
                            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE))})
    @GetMapping
    TaskPage list(@Parameter(hidden = true) Caller caller,
                  @Parameter(description = "mine, unassigned or groups") @RequestParam(required = false) String view,
                  @Parameter(description = "only tasks of this candidate group") @RequestParam(required = false) String candidateGroup,
                  @Parameter(description = "only tasks claimed by this user") @RequestParam(required = false) String assignee,
                  @Parameter(description = "only tasks of this case") @RequestParam(required = false) String caseId,
                  @Parameter(description = "only tasks of cases of this type (LADO_ALLEGATION, ...)")
                  @RequestParam(required = false) String caseType,
                  @Parameter(description = "only tasks of this step: BPMN element id or form id")
                  @RequestParam(required = false) String taskType,
                  @Parameter(description = "overdue or week") @RequestParam(required = false) String due,
                  @Parameter(description = "only cases of this partnership (one of the caller's)")
                  @RequestParam(required = false) String tenant,
                  @Parameter(description = "due (the only order, and the default)") @RequestParam(required = false) String sort,
                  @RequestParam(defaultValue = "0") int page,
                  @RequestParam(defaultValue = "20") int size) {
        TrayQuery query = TrayParameters.parse(present(view, candidateGroup, assignee, caseId, caseType, taskType, due,
                tenant, sort));
        WorkTray.Page result = tasks.list(caller, query, page, size);
        return new TaskPage(result.items().stream().map(i -> TaskView.of(i.task(), i.caseType())).toList(), page, size,
                result.total(), result.restrictedHidden());
    }

    @Operation(summary = "How many open tasks each tray tab (mine, unassigned, groups) holds",
            description = "Takes the same filters as the list (view is ignored: every tab is counted).",
            responses = {@ApiResponse(responseCode = "200", description = "the counts"),
                    @ApiResponse(responseCode = "400", description = "a parameter is not valid", content = @Content(
                            mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE)),
                    @ApiResponse(responseCode = "403", description = "not the caller's group or partnership",
                            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE))})
    @GetMapping("/counts")
    CountsView counts(@Parameter(hidden = true) Caller caller,
                      @RequestParam(required = false) String candidateGroup,
                      @RequestParam(required = false) String assignee,
                      @RequestParam(required = false) String caseId,
                      @RequestParam(required = false) String caseType,
                      @RequestParam(required = false) String taskType,
                      @Parameter(description = "overdue or week") @RequestParam(required = false) String due,
                      @RequestParam(required = false) String tenant) {
        TrayQuery query = TrayParameters.parse(present(null, candidateGroup, assignee, caseId, caseType, taskType, due,
                tenant, null));
        WorkTray.Counts counts = tasks.counts(caller, query);
        return new CountsView(counts.mine(), counts.unassigned(), counts.groups());
    }

    @Operation(summary = "What happened to the task: created, claimed, unassigned, completed, canceled",
            responses = {@ApiResponse(responseCode = "200", description = "the task's history, oldest first"),
                    @ApiResponse(responseCode = "403", description = "not a candidate for the task", content = @Content(
                            mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE)),
                    @ApiResponse(responseCode = "404", description = "no such task", content = @Content(
                            mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE))})
    @GetMapping("/{taskKey}/history")
    HistoryView history(@Parameter(hidden = true) Caller caller, @PathVariable long taskKey) {
        return new HistoryView(tasks.history(caller, taskKey).stream()
                .map(e -> new HistoryItem(e.at(), e.action().name(), e.actorRole(), e.actor())).toList());
    }

    private static Map<String, String> present(String view, String candidateGroup, String assignee, String caseId,
                                               String caseType, String taskType, String due, String tenant,
                                               String sort) {
        Map<String, String> values = new LinkedHashMap<>();
        String[][] pairs = {{"view", view}, {"candidateGroup", candidateGroup}, {"assignee", assignee},
                {"caseId", caseId}, {"caseType", caseType}, {"taskType", taskType}, {"due", due}, {"tenant", tenant},
                {"sort", sort}};
        for (String[] pair : pairs) {
            if (pair[1] != null) {
                values.put(pair[0], pair[1]);
            }
        }
        return values;
    }

    @Operation(summary = "Read one task, with the routing variables its form needs",
            description = "deadline: the timescale the task's due date belongs to; escalation (escalation tasks "
                    + "only): the case, the timescale that passed, its due date and when the breach was recorded.",
            responses = {@ApiResponse(responseCode = "200", description = "the task"),
                    @ApiResponse(responseCode = "403", description = "not a candidate for the task", content = @Content(
                            mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE)),
                    @ApiResponse(responseCode = "404", description = "no such task", content = @Content(
                            mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE))})
    @GetMapping("/{taskKey}")
    TaskDetailView get(@Parameter(hidden = true) Caller caller, @PathVariable long taskKey) {
        TaskService.TaskDetail detail = tasks.get(caller, taskKey);
        return new TaskDetailView(TaskView.of(detail.task(), tasks.caseTypeOf(detail.task())), detail.variables(),
                detail.variablesAvailable(), detail.deadline(), detail.escalation());
    }

    @Operation(summary = "Read the task's form (Camunda form-js JSON, the version the task was created with)")
    @GetMapping("/{taskKey}/form")
    FormView form(@Parameter(hidden = true) Caller caller, @PathVariable long taskKey) {
        TaskMirror.StoredForm form = tasks.form(caller, taskKey);
        return new FormView(form.formId(), form.version(), Long.toString(form.formKey()), form.schema());
    }

    @Operation(summary = "Claim the task (assign it to the caller)",
            description = "Claiming one's own task again changes nothing. 409 when another user has claimed it or it "
                    + "has ended; 503 when the engine cannot be reached (nothing changed).")
    @ApiResponse(responseCode = "200", description = "claimed by the caller")
    @ApiResponse(responseCode = "409", description = "claimed by another user, or ended")
    @PostMapping("/{taskKey}/claim")
    TaskView claim(@Parameter(hidden = true) Caller caller, @PathVariable long taskKey) {
        TaskRow claimed = tasks.claim(caller, taskKey);
        return TaskView.of(claimed, tasks.caseTypeOf(claimed));
    }

    @Operation(summary = "Give up the caller's claim on the task",
            description = "Only the assignee can unassign (409 otherwise); an unassigned task is left as it is.")
    @ApiResponse(responseCode = "200", description = "no longer claimed")
    @ApiResponse(responseCode = "409", description = "claimed by another user, or ended")
    @PostMapping("/{taskKey}/unassign")
    TaskView unassign(@Parameter(hidden = true) Caller caller, @PathVariable long taskKey) {
        TaskRow released = tasks.unassign(caller, taskKey);
        return TaskView.of(released, tasks.caseTypeOf(released));
    }

    @Operation(summary = "Complete the task with its form values",
            description = "The body holds the form's values by field key. record.* fields (flat \"record.x\" keys or a "
                    + "nested \"record\" object) are free text: stored in the case record, never sent to the engine. "
                    + "A body with decisionMakerRole is a decision: record.rationale is then required and a decision "
                    + "is recorded. 200 when the engine has taken it; 202 when it is recorded and the engine will be "
                    + "told when it can be reached; 400 problem JSON listing each missing or invalid field (nothing "
                    + "stored); 409 when someone else has claimed the task, it has ended, or it already has a "
                    + "different completion. The same request again is safe: it changes nothing and answers with "
                    + "the completion's state.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
                    mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(
                    implementation = TaskViews.CompletionValues.class, example = "{\"route\": \"MEETING\", \"harmTestLimb1\": true, \"decisionMakerRole\": \"LADO\", "
                            + "\"record\": {\"rationale\": \"...\"}}"))),
            responses = {@ApiResponse(responseCode = "200", description = "completed"),
                    @ApiResponse(responseCode = "202", description = "recorded; the engine will be told"),
                    @ApiResponse(responseCode = "400", description = "form values not valid", content = @Content(
                            mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE)),
                    @ApiResponse(responseCode = "409", description = "claimed by someone else, ended, or completed "
                            + "differently", content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE))})
    @PostMapping(path = "/{taskKey}/completion", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<CompletionView> complete(@Parameter(hidden = true) Caller caller, @PathVariable long taskKey,
                                            @RequestBody JsonNode values) {
        TaskCompletions.Result result = completions.complete(caller, taskKey, values);
        if (result.outcome() == TaskCompletions.Outcome.FAILED) {
            throw new TasklistException.Conflict("task-not-open", "Task " + taskKey + " ended in the engine before "
                    + "the completion reached it; what was entered is kept in the case record");
        }
        boolean done = result.outcome() == TaskCompletions.Outcome.DONE;
        CompletionView view = new CompletionView(Long.toString(taskKey), result.caseId().toString(),
                done ? "COMPLETED" : "PENDING", result.repeat(), result.decisionRecorded(), result.deadlinesMet());
        return ResponseEntity.status(done ? HttpStatus.OK : HttpStatus.ACCEPTED).body(view);
    }
}
