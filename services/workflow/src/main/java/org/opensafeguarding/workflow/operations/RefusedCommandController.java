package org.opensafeguarding.workflow.operations;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.opensafeguarding.workflow.tasklist.Caller;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.List;

/** The operator page's refused engine commands (docs/operations.md "Refused engine commands"): list, send again. */
@RestController
@RequestMapping(path = "/api/operations/engine-commands", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Operations")
class RefusedCommandController {

    private final RefusedCommands commands;

    RefusedCommandController(RefusedCommands commands) {
        this.commands = commands;
    }

    @Schema(name = "RefusedEngineCommand", description = "A start, correlation or message the engine refused")
    record RefusedView(String commandId, String caseId,
                       @Schema(description = "START, CORRELATE or PUBLISH") String kind,
                       @Schema(description = "the process it starts or is meant to reach") String processId,
                       @Schema(description = "the message, for CORRELATE and PUBLISH") String messageName,
                       @Schema(description = "the engine's answer: INVALID_ARGUMENT, NOT_FOUND or INVALID_STATE")
                       String refusal,
                       @Schema(description = "the last failure: exception types and the client's message, never "
                               + "case data") String error,
                       int attempts, Instant createdAt, Instant refusedAt) {
    }

    @Schema(name = "RefusedEngineCommands")
    record RefusedList(List<RefusedView> items,
                       @Schema(description = "true when there are more than the " + RefusedCommands.MAX_LISTED
                               + " listed") boolean truncated) {
    }

    @Schema(name = "EngineCommandSentAgain")
    record SentAgainView(String commandId, String caseId,
                         @Schema(description = "PENDING: the dispatcher sends it at its next run") String status) {
    }

    @Operation(summary = "Engine commands the engine refused, oldest refusal first (at most 1000)",
            description = "Commands of another partnership's cases are not listed. Every list is audited.")
    @GetMapping
    RefusedList list(@Parameter(hidden = true) Caller caller) {
        RefusedCommands.Listing listing = commands.list(caller);
        return new RefusedList(listing.items().stream().map(r -> new RefusedView(Long.toString(r.commandId()),
                r.caseId().toString(), r.kind(), r.processId(), r.messageName(), r.refusal(), r.error(),
                r.attempts(), r.createdAt(), r.refusedAt())).toList(), listing.truncated());
    }

    @Operation(summary = "Send a refused command again, once its cause is fixed",
            description = "Makes it PENDING and due at once; if the engine refuses it again as often as "
                    + "`safeguarding.engine-commands.refuse-after` says, it is parked again. A start asks the engine "
                    + "for an instance of the case before creating one. Audited.",
            responses = {@ApiResponse(responseCode = "200", description = "pending again"),
                    @ApiResponse(responseCode = "400", description = "not a command id", content = @Content(
                            mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE)),
                    @ApiResponse(responseCode = "404", description = "no such command (or another partnership's)",
                            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE)),
                    @ApiResponse(responseCode = "409", description = "the command is not refused (pending or done)",
                            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE))})
    @PostMapping("/{commandId}/retry")
    SentAgainView retry(@Parameter(hidden = true) Caller caller,
                        @Parameter(description = "the command's id", schema = @Schema(type = "string"))
                        @PathVariable String commandId) {
        RefusedCommands.SentAgain done = commands.retry(caller, OperationsRefused.positiveNumber("commandId", commandId));
        return new SentAgainView(Long.toString(done.commandId()), done.caseId().toString(), "PENDING");
    }
}
