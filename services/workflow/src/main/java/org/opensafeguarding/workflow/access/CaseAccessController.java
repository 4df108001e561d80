package org.opensafeguarding.workflow.access;

import com.fasterxml.jackson.databind.JsonNode;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.opensafeguarding.workflow.tasklist.Caller;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.List;

/** Restricted cases: who is named on a case, restricting and lifting, and break-glass access (docs/security.md). */
@RestController
@RequestMapping(path = "/api/cases/{caseId}", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Case access", description = "Restricted cases (named people only) and break-glass access")
class CaseAccessController {

    private final RestrictedCases restricted;

    CaseAccessController(RestrictedCases restricted) {
        this.restricted = restricted;
    }

    @Schema(name = "CaseAccess")
    record AccessView(String caseId, boolean restricted, String reason, Instant restrictedAt,
                      @Schema(description = "the people named on the case; only shown to those who may see inside it")
                      List<String> members, boolean callerMaySeeInside) {
    }

    /** The body of a change, as {@link RestrictedCases#change} reads it. */
    @Schema(name = "CaseAccessChange", additionalProperties = Schema.AdditionalPropertiesValue.FALSE)
    record AccessChange(@Schema(requiredMode = Schema.RequiredMode.REQUIRED,
                                description = "true to restrict the case (or change who is named), false to lift a "
                                        + "manual restriction") boolean restricted,
                        @ArraySchema(maxItems = RestrictedCases.MAX_MEMBERS, uniqueItems = true,
                                schema = @Schema(pattern = RestrictedCases.USER_ID_PATTERN),
                                arraySchema = @Schema(description = "staff ids of the people named on the case; the "
                                        + "caller is added")) List<String> members) {
    }

    @Schema(name = "BreakGlassRequest", additionalProperties = Schema.AdditionalPropertiesValue.FALSE)
    record BreakGlassRequest(@Schema(requiredMode = Schema.RequiredMode.REQUIRED, minLength = RestrictedCases.MIN_REASON,
            maxLength = RestrictedCases.MAX_REASON, description = "why you need to see inside the case now; audited "
                    + "and shown to the manager") String reason) {
    }

    @Schema(name = "BreakGlassGrant")
    record GrantView(String caseId, String grantId, Instant expiresAt) {
    }

    @Operation(summary = "Whether the case is restricted, and to whom",
            responses = {@ApiResponse(responseCode = "200", description = "the case's access"),
                    @ApiResponse(responseCode = "404", description = "no such case in the caller's partnerships",
                            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE))})
    @GetMapping("/access")
    AccessView access(@Parameter(hidden = true) Caller caller, @PathVariable String caseId) {
        return restricted.access(caller, caseId);
    }

    @Operation(summary = "Restrict the case to named people, change who is named, or lift a manual restriction",
            description = "Body: {\"restricted\": true, \"members\": [\"staff.id\", ...]}. Only someone who may see "
                    + "inside the case may change it; whoever restricts a case is named on it. Automatic restrictions "
                    + "(an allegation about partnership staff, a child death linked to a practice review) cannot be "
                    + "lifted (409).",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
                    mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = AccessChange.class,
                    example = "{\"restricted\": true, \"members\": [\"lado.north\"]}"))),
            responses = {@ApiResponse(responseCode = "200", description = "the case's access after the change"),
                    @ApiResponse(responseCode = "400", description = "the body is not valid; the problem names the "
                            + "field and rule"),
                    @ApiResponse(responseCode = "404", description = "no such case in the caller's partnerships"),
                    @ApiResponse(responseCode = "409", description = "an automatic restriction cannot be lifted")})
    @PutMapping(path = "/access", consumes = MediaType.APPLICATION_JSON_VALUE)
    AccessView change(@Parameter(hidden = true) Caller caller, @PathVariable String caseId,
                      @RequestBody JsonNode body) {
        return restricted.change(caller, caseId, body);
    }

    @Operation(summary = "Break the glass: see inside a restricted case for a limited time, with a reason",
            description = "Body: {\"reason\": \"...\"} (10 to 2000 characters). The grant is audited with its reason "
                    + "and raises a break-glass event for the manager. 409 when the case is not restricted.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
                    mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = BreakGlassRequest.class,
                    example = "{\"reason\": \"Duty LADO: new information from the police needs action today\"}"))),
            responses = {@ApiResponse(responseCode = "201", description = "access granted until expiresAt"),
                    @ApiResponse(responseCode = "400", description = "no reason, or too short or too long"),
                    @ApiResponse(responseCode = "404", description = "no such case in the caller's partnerships"),
                    @ApiResponse(responseCode = "409", description = "the case is not restricted")})
    @PostMapping(path = "/break-glass", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<GrantView> breakGlass(@Parameter(hidden = true) Caller caller, @PathVariable String caseId,
                                         @RequestBody JsonNode body) {
        return ResponseEntity.status(HttpStatus.CREATED).body(restricted.breakGlass(caller, caseId, body));
    }
}
