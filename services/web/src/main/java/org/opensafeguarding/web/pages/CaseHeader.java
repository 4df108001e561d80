package org.opensafeguarding.web.pages;

import com.fasterxml.jackson.databind.JsonNode;
import org.opensafeguarding.web.api.Api;
import org.opensafeguarding.web.api.ApiAnswer;
import org.opensafeguarding.web.api.Backend;

/**
 * The few facts of a case a task page shows above the form (GET /api/cases/{caseId}). {@code available} is false
 * when the workflow service does not offer the case API, or refused it: the header then shows the case id only.
 */
public record CaseHeader(String caseId, boolean available, String caseType, String status, String openedAt,
                         boolean restricted, String referralKind, String receivedAt) {

    static CaseHeader of(Backend backend, String caseId) {
        if (!CaseController.CASE_ID.matcher(caseId).matches()) {
            return new CaseHeader(caseId, false, null, null, null, false, null, null);
        }
        ApiAnswer answer = backend.optional(Api.WORKFLOW, org.springframework.http.HttpMethod.GET,
                CaseController.CASE, "/api/cases/" + caseId, null);
        if (!answer.ok()) {
            return new CaseHeader(caseId, false, null, null, null, false, null, null);
        }
        JsonNode c = answer.body();
        return new CaseHeader(caseId, true, c.path("caseType").asText(null), c.path("status").asText(null),
                c.path("openedAt").asText(null), c.path("restricted").asBoolean(false),
                c.at("/referral/kind").asText(null), c.at("/referral/receivedAt").asText(null));
    }
}
