package org.opensafeguarding.workflow.operations;

import io.swagger.v3.oas.annotations.media.Schema;

import java.time.OffsetDateTime;
import java.util.List;

/** What the operator API returns; engine keys are strings, as in Camunda's API. */
final class IncidentViews {

    private IncidentViews() {
    }

    @Schema(name = "Incident", description = "An open incident in the engine")
    record IncidentView(String incidentKey,
                        @Schema(description = "the case whose process instance it is in; null when none") String caseId,
                        String processInstanceKey, String processDefinitionId, String elementId,
                        @Schema(description = "Camunda's error type: JOB_NO_RETRIES, EXTRACT_VALUE_ERROR, ...")
                        String errorType,
                        @Schema(description = "the engine's message (job type, element, failure); never case data")
                        String errorMessage,
                        OffsetDateTime createdAt,
                        @Schema(description = "the failed job, for JOB_NO_RETRIES incidents") String jobKey) {
    }

    @Schema(name = "Incidents")
    record IncidentList(List<IncidentView> items) {
    }

    @Schema(name = "IncidentRetry", description = "Optional: how many retries the job gets (1 to 10, default 1)")
    record RetryRequest(Integer retries) {
    }

    @Schema(name = "IncidentRetried")
    record RetriedView(String incidentKey, String jobKey, Integer retries, String caseId,
                       @Schema(description = "true: the engine took the resolution") boolean resolved) {
    }
}
