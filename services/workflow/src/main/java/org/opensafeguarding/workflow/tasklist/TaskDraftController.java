package org.opensafeguarding.workflow.tasklist;

import com.fasterxml.jackson.databind.JsonNode;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;

/**
 * Drafts (docs/tasklist.md "Drafts"): the web app saves a half-filled form here so an expired session never loses
 * it. The body is the form's values as the completion would take them.
 */
@RestController
@RequestMapping(path = "/api/tasks/{taskKey}/draft", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Tasks")
class TaskDraftController {

    private final TaskDraftService drafts;

    TaskDraftController(TaskDraftService drafts) {
        this.drafts = drafts;
    }

    @Operation(summary = "Read your draft of the task's form",
            description = "The values as saved; Last-Modified says when. Only the person who saved a draft can "
                    + "read it.",
            responses = {@ApiResponse(responseCode = "200", description = "the draft's form values", content = @Content(
                    mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(
                    implementation = TaskViews.CompletionValues.class))),
                    @ApiResponse(responseCode = "403", description = "not a candidate for the task", content = @Content(
                            mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE)),
                    @ApiResponse(responseCode = "404", description = "no such task, or you have no draft of it",
                            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE))})
    @GetMapping
    ResponseEntity<JsonNode> get(@Parameter(hidden = true) Caller caller, @PathVariable long taskKey) {
        TaskDrafts.Draft draft = drafts.get(caller, taskKey);
        return ResponseEntity.ok()
                .header(HttpHeaders.LAST_MODIFIED, DateTimeFormatter.RFC_1123_DATE_TIME.format(
                        draft.savedAt().atOffset(ZoneOffset.UTC)))
                .body(draft.values());
    }

    @Operation(summary = "Save (replace) your draft of the task's form",
            description = "Kept until you delete it or the task is completed or ends. 400 problem JSON (field body) "
                    + "when the body is not a JSON object or is larger than 200,000 characters; 409 when the task "
                    + "is no longer open.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
                    mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(
                    implementation = TaskViews.CompletionValues.class))),
            responses = {@ApiResponse(responseCode = "204", description = "saved"),
                    @ApiResponse(responseCode = "400", description = "not a JSON object, or too large", content = @Content(
                            mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE)),
                    @ApiResponse(responseCode = "403", description = "not a candidate for the task", content = @Content(
                            mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE)),
                    @ApiResponse(responseCode = "404", description = "no such task", content = @Content(
                            mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE)),
                    @ApiResponse(responseCode = "409", description = "the task has ended", content = @Content(
                            mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE))})
    @PutMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Void> save(@Parameter(hidden = true) Caller caller, @PathVariable long taskKey,
                              @RequestBody JsonNode values) {
        drafts.save(caller, taskKey, values);
        return ResponseEntity.noContent().build();
    }

    @Operation(summary = "Delete your draft of the task's form",
            responses = {@ApiResponse(responseCode = "204", description = "deleted"),
                    @ApiResponse(responseCode = "403", description = "not a candidate for the task", content = @Content(
                            mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE)),
                    @ApiResponse(responseCode = "404", description = "no such task, or you have no draft of it",
                            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE))})
    @DeleteMapping
    ResponseEntity<Void> delete(@Parameter(hidden = true) Caller caller, @PathVariable long taskKey) {
        drafts.delete(caller, taskKey);
        return ResponseEntity.noContent().build();
    }
}
