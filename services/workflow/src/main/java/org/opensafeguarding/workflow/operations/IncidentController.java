package org.opensafeguarding.workflow.operations;

import com.fasterxml.jackson.databind.JsonNode;
import io.camunda.client.api.search.response.Incident;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.opensafeguarding.workflow.operations.IncidentViews.IncidentList;
import org.opensafeguarding.workflow.operations.IncidentViews.IncidentView;
import org.opensafeguarding.workflow.operations.IncidentViews.RetriedView;
import org.opensafeguarding.workflow.tasklist.Caller;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The operator page's engine incidents (docs/operations.md "Incidents"): list them, retry one after a fix. */
@RestController
@RequestMapping(path = "/api/operations/incidents", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Operations", description = "Engine incidents for operators (role ENGINE_OPERATOR); no case data")
class IncidentController {

    private final IncidentService incidents;

    IncidentController(IncidentService incidents) {
        this.incidents = incidents;
    }

    @Operation(summary = "Open incidents in the engine, oldest first (at most 1000)",
            description = "Incidents of another partnership's cases are not listed. 503 when the engine cannot be "
                    + "reached.",
            responses = {@ApiResponse(responseCode = "200", description = "the open incidents"),
                    @ApiResponse(responseCode = "503", description = "the engine cannot be reached", content = @Content(
                            mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE))})
    @GetMapping
    IncidentList list(@Parameter(hidden = true) Caller caller) {
        return new IncidentList(incidents.open(caller).stream().map(IncidentController::view).toList());
    }

    @Operation(summary = "Retry after a fix: give the failed job retries and resolve the incident",
            description = "For a JOB_NO_RETRIES incident the job gets the retries asked for (default 1) first, so "
                    + "the engine offers it to workers again; other incidents are resolved and their step "
                    + "re-evaluated. 404 for an unknown incident (or another partnership's); 409 when it is no "
                    + "longer active or the engine refuses; 503 when the engine cannot be reached.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = false, content = @Content(
                    mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(
                    implementation = IncidentViews.RetryRequest.class))),
            responses = {@ApiResponse(responseCode = "200", description = "retries set and incident resolved"),
                    @ApiResponse(responseCode = "400", description = "retries out of range", content = @Content(
                            mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE)),
                    @ApiResponse(responseCode = "404", description = "no such incident", content = @Content(
                            mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE)),
                    @ApiResponse(responseCode = "409", description = "not active, or refused by the engine",
                            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE)),
                    @ApiResponse(responseCode = "503", description = "the engine cannot be reached", content = @Content(
                            mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE))})
    @PostMapping("/{incidentKey}/retry")
    RetriedView retry(@Parameter(hidden = true) Caller caller,
                      @Parameter(description = "the incident's key", schema = @Schema(type = "string"))
                      @PathVariable String incidentKey,
                      @RequestBody(required = false) JsonNode body) {
        long key = OperationsRefused.positiveNumber("incidentKey", incidentKey);
        Integer retries = null;
        if (body != null && body.hasNonNull("retries")) {
            if (!body.get("retries").canConvertToInt() || !body.get("retries").isIntegralNumber()) {
                throw new OperationsRefused(HttpStatus.BAD_REQUEST, "invalid-request", "retries must be a whole number");
            }
            retries = body.get("retries").intValue();
        }
        IncidentService.Retried done = incidents.retry(caller, key, retries);
        return new RetriedView(Long.toString(done.incidentKey()), done.jobKey() == null ? null
                : Long.toString(done.jobKey()), done.retries(), done.caseId() == null ? null
                : done.caseId().toString(), true);
    }

    private static IncidentView view(IncidentService.ShownIncident shown) {
        Incident i = shown.incident();
        return new IncidentView(Long.toString(i.getIncidentKey()), shown.caseId() == null ? null
                : shown.caseId().toString(), key(i.getProcessInstanceKey()), i.getProcessDefinitionId(),
                i.getElementId(), i.getErrorType() == null ? null : i.getErrorType().name(), shown.errorMessage(),
                i.getCreationTime(), key(i.getJobKey()));
    }

    private static String key(Long key) {
        return key == null ? null : Long.toString(key);
    }
}
