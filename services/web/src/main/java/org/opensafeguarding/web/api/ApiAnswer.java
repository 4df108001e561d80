package org.opensafeguarding.web.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One answer of an API as it came: the status, the body (JSON when it was JSON) and its type. Pages decide what a
 * status means for them; nothing here throws for a 4xx.
 */
public record ApiAnswer(int status, JsonNode json, byte[] raw, String contentType) {

    /** The service's API document has no such operation: the service does not offer it (yet). */
    public static ApiAnswer notOffered() {
        return new ApiAnswer(501, null, new byte[0], null);
    }

    public boolean ok() {
        return status >= 200 && status < 300;
    }

    /**
     * A 404 or 405 without a problem code: the path itself is not served (an endpoint this version of the service
     * does not have yet), as opposed to a 404 about a case or task, which always names its code.
     */
    public boolean endpointMissing() {
        return status == 501 || (status == 404 || status == 405) && (json == null || !json.hasNonNull("code"));
    }

    public JsonNode body() {
        return json == null ? MissingNode.getInstance() : json;
    }

    public String text() {
        return raw == null ? "" : new String(raw, StandardCharsets.UTF_8);
    }

    /** The problem's {@code title}/{@code detail} for the reader, never the raw body. */
    public String problemMessage() {
        JsonNode b = body();
        if (status == 501) {
            return "The service does not offer this yet.";
        }
        String detail = b.path("detail").asText("");
        return !detail.isBlank() ? detail : b.path("title").asText("The service answered " + status + ".");
    }

    /** The fields a 400 names: {@code errors: [{field, rule, message}]} (tasklist) or {@code field} (intake). */
    public List<FieldError> fieldErrors() {
        List<FieldError> out = new ArrayList<>();
        for (JsonNode e : body().path("errors")) {
            out.add(new FieldError(e.path("field").asText(e.path("pointer").asText("")), e.path("rule").asText(""),
                    e.path("message").asText("")));
        }
        if (out.isEmpty() && body().hasNonNull("field")) {
            out.add(new FieldError(body().path("field").asText(), body().path("rule").asText(""), problemMessage()));
        }
        return out;
    }

    public record FieldError(String field, String rule, String message) {
    }
}
