package org.opensafeguarding.workflow.casemessages;

import com.fasterxml.jackson.databind.JsonNode;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.opensafeguarding.workflow.casemessages.CaseMessageViews.AgencyResponseView;
import org.opensafeguarding.workflow.casemessages.CaseMessageViews.MessageView;
import org.opensafeguarding.workflow.tasklist.Caller;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Messages people and partner systems send to a case's process (docs/case-messages.md): agencies' answers to
 * requests, and the case-keyed messages of docs/processes.md §1.7. The engine is told after commit through the
 * engine-command dispatcher, so the API answers even while the engine is away. Every operation needs a person's
 * access token, as the tasklist does (docs/security.md).
 */
@RestController
@RequestMapping(path = "/api/cases/{caseId}", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Case messages", description = "Tell a case's process that something it waits for has happened: an "
        + "agency answered a request, a written referral or a post-mortem report arrived, the panel advised, parallel "
        + "proceedings concluded, a serious incident notification was withdrawn. Only for the case's partnership and "
        + "teams; a restricted case only for the people named on it.")
class CaseMessageController {

    private static final String PROBLEM = MediaType.APPLICATION_PROBLEM_JSON_VALUE;

    private final AgencyResponses agencyResponses;
    private final CaseMessages messages;

    CaseMessageController(AgencyResponses agencyResponses, CaseMessages messages) {
        this.agencyResponses = agencyResponses;
        this.messages = messages;
    }

    @Operation(summary = "Record an agency's answer to a request and tell the waiting process",
            description = "Marks the newest request of this type to this agency RETURNED or DECLINED (who, when, the "
                    + "day received) and queues message agency-request.returned (correlation key "
                    + "<caseId>/<requestType>/<agencyId>, imr for imr-revision; variable agencyResponse) in the same "
                    + "transaction; the message id is derived from the request, so it is published at most once. "
                    + "The returned document is not part of this call. Who may call: cdop-coordinator (child death), "
                    + "review-business-unit (SCR, serious incident). 202 recorded and queued; 200 the same answer "
                    + "again (nothing changed); 400 problem JSON naming each bad field and rule (nothing stored); "
                    + "404 unknown case or no such request; 409 a different answer was recorded, or the case is closed.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
                    mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(
                    ref = CaseMessageSchemas.COMPONENTS + CaseMessageSchemas.AGENCY_RESPONSE),
                    examples = @ExampleObject(name = "returned", value = "{\"response\": \"RETURNED\", \"receivedOn\": \"2024-03-05\"}"))),
            responses = {@ApiResponse(responseCode = "202", description = "recorded; the message is queued"),
                    @ApiResponse(responseCode = "200", description = "the same answer was recorded before; nothing changed"),
                    @ApiResponse(responseCode = "400", description = "invalid request", content = @Content(mediaType = PROBLEM)),
                    @ApiResponse(responseCode = "401", description = "no caller identity", content = @Content(mediaType = PROBLEM)),
                    @ApiResponse(responseCode = "403", description = "caller may not record answers on this case",
                            content = @Content(mediaType = PROBLEM)),
                    @ApiResponse(responseCode = "404", description = "no such case or request", content = @Content(mediaType = PROBLEM)),
                    @ApiResponse(responseCode = "409", description = "answered differently before, or case closed",
                            content = @Content(mediaType = PROBLEM))})
    @PostMapping(path = "/agency-requests/{requestType}/{agencyId}/response", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<AgencyResponseView> respond(
            @Parameter(hidden = true) Caller caller,
            @Parameter(description = "the case id (UUID)") @PathVariable String caseId,
            @Parameter(description = "cdr-reporting-form, scr-agency-information, imr, imr-revision, rr-agency-summary")
            @PathVariable String requestType,
            @Parameter(description = "the agency id the request went to") @PathVariable String agencyId,
            @RequestBody JsonNode body) {
        AgencyResponseView view = agencyResponses.respond(caller, caseId, requestType, agencyId, body);
        return ResponseEntity.status(view.repeat() ? HttpStatus.OK : HttpStatus.ACCEPTED).body(view);
    }

    @Operation(summary = "Send a case-keyed message to the case's process",
            description = "Allowed per case type, with the body's routing facts (codes, booleans, ISO dates; never "
                    + "free text): lado.written-referral.received {receivedOn} (LADO; lado); "
                    + "cdr.post-mortem-report.received {receivedOn}, cdr.parallel-processes.concluded {concludedOn} "
                    + "(child death; cdop-coordinator); review.panel-advice.received {panelAdvice: AGREES | ADVISES_SCR "
                    + "| ADVISES_OTHER | REQUESTS_INFORMATION, receivedOn} (SCR; review-business-unit, review-chair); "
                    + "review.parallel-proceedings.concluded {concludedOn} (SCR; review-business-unit); "
                    + "review.sin-withdrawn {withdrawnOn} (serious incident; review-business-unit, "
                    + "safeguarding-partners). All fields required; dates YYYY-MM-DD, not in the future. The "
                    + "Idempotency-Key header makes the message id: the same key and body again changes nothing (200), "
                    + "the same key with another message or body is 409. 202 recorded and queued; 400 problem JSON "
                    + "naming the message, field and rule (nothing stored); 404 unknown case; 409 case closed.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
                    mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(
                    ref = CaseMessageSchemas.COMPONENTS + CaseMessageSchemas.MESSAGE_BODY),
                    examples = @ExampleObject(name = "panel-advice", value = "{\"panelAdvice\": \"ADVISES_SCR\", \"receivedOn\": \"2024-03-05\"}"))),
            responses = {@ApiResponse(responseCode = "202", description = "recorded; the message is queued"),
                    @ApiResponse(responseCode = "200", description = "sent before with this key and body; nothing changed"),
                    @ApiResponse(responseCode = "400", description = "message not allowed for this case type, bad "
                            + "body or missing Idempotency-Key", content = @Content(mediaType = PROBLEM)),
                    @ApiResponse(responseCode = "401", description = "no caller identity", content = @Content(mediaType = PROBLEM)),
                    @ApiResponse(responseCode = "403", description = "caller may not send this message",
                            content = @Content(mediaType = PROBLEM)),
                    @ApiResponse(responseCode = "404", description = "no such case", content = @Content(mediaType = PROBLEM)),
                    @ApiResponse(responseCode = "409", description = "case closed, or key used for another message",
                            content = @Content(mediaType = PROBLEM))})
    @PostMapping(path = "/messages/{messageName}", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<MessageView> send(
            @Parameter(hidden = true) Caller caller,
            @Parameter(description = "the case id (UUID)") @PathVariable String caseId,
            @Parameter(description = "the BPMN message name, e.g. cdr.post-mortem-report.received") @PathVariable String messageName,
            @Parameter(in = ParameterIn.HEADER, required = true, description = "the client's key for this message "
                    + "(1-100 letters, digits, . _ : -; a UUID will do), the same on every retry")
            @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey,
            @RequestBody JsonNode body) {
        MessageView view = messages.send(caller, caseId, messageName, idempotencyKey, body);
        return ResponseEntity.status(view.repeat() ? HttpStatus.OK : HttpStatus.ACCEPTED).body(view);
    }
}
