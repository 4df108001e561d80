package org.opensafeguarding.workflow.tasklist;

import com.fasterxml.jackson.databind.JsonNode;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.opensafeguarding.workflow.casefile.CaseId;
import org.opensafeguarding.workflow.tasklist.TaskViews.CompletionView;
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

    @Operation(summary = "List open tasks the caller is a candidate for, soonest due first",
            description = "Filters combine. 403 when candidateGroup is not one of the caller's groups.",
            responses = {@ApiResponse(responseCode = "200", description = "a page of tasks"),
                    @ApiResponse(responseCode = "401", description = "no caller identity", content = @Content(
                            mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE))})
    @GetMapping
    TaskPage list(@Parameter(hidden = true) Caller caller,
                  @Parameter(description = "only tasks of this candidate group") @RequestParam(required = false) String candidateGroup,
                  @Parameter(description = "only tasks claimed by this user") @RequestParam(required = false) String assignee,
                  @Parameter(description = "only tasks of this case") @RequestParam(required = false) String caseId,
                  @RequestParam(defaultValue = "0") int page,
                  @RequestParam(defaultValue = "20") int size) {
        CaseId theCase = caseId == null ? null : parseCaseId(caseId);
        TaskMirror.Page result = tasks.list(caller, candidateGroup, assignee, theCase, page, size);
        return new TaskPage(result.items().stream().map(TaskView::of).toList(), page, size, result.total(),
                result.restrictedHidden());
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
        return new TaskDetailView(TaskView.of(detail.task()), detail.variables(), detail.variablesAvailable(),
                detail.deadline(), detail.escalation());
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
        return TaskView.of(tasks.claim(caller, taskKey));
    }

    @Operation(summary = "Give up the caller's claim on the task",
            description = "Only the assignee can unassign (409 otherwise); an unassigned task is left as it is.")
    @ApiResponse(responseCode = "200", description = "no longer claimed")
    @ApiResponse(responseCode = "409", description = "claimed by another user, or ended")
    @PostMapping("/{taskKey}/unassign")
    TaskView unassign(@Parameter(hidden = true) Caller caller, @PathVariable long taskKey) {
        return TaskView.of(tasks.unassign(caller, taskKey));
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

    private static CaseId parseCaseId(String text) {
        try {
            return CaseId.parse(text);
        } catch (IllegalArgumentException e) {
            throw new TasklistException.BadRequest("caseId must be a UUID");
        }
    }
}
