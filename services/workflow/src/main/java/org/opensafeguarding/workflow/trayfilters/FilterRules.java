package org.opensafeguarding.workflow.trayfilters;

import com.fasterxml.jackson.databind.JsonNode;
import org.opensafeguarding.workflow.tasklist.TrayParameters;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a saved filter must be: a name (required, at most 100 characters, no control characters) and a query of
 * the tray's own keys with valid string values (TrayParameters), so every saved filter replays as a tray query.
 */
final class FilterRules {

    static final int MAX_NAME = 100;
    private static final Set<String> FIELDS = Set.of("name", "query");

    private FilterRules() {
    }

    record ValidFilter(String name, Map<String, String> query) {
    }

    static ValidFilter check(JsonNode body) {
        List<FilterRejected.FieldError> errors = new ArrayList<>();
        if (body == null || !body.isObject()) {
            throw FilterRejected.invalid(List.of(new FilterRejected.FieldError("body", "not-an-object",
                    "the body must be a JSON object {name, query}")));
        }
        body.fieldNames().forEachRemaining(field -> {
            if (!FIELDS.contains(field)) {
                errors.add(new FilterRejected.FieldError(field, "unknown-field", field + " is not a field of a filter"));
            }
        });
        JsonNode nameNode = body.path("name");
        String name = null;
        if (!nameNode.isTextual() || nameNode.asText().isBlank()) {
            errors.add(new FilterRejected.FieldError("name", "required", "name is required (a non-empty string)"));
        } else if (nameNode.asText().strip().length() > MAX_NAME) {
            errors.add(new FilterRejected.FieldError("name", "max-length", "name must be at most " + MAX_NAME
                    + " characters"));
        } else if (nameNode.asText().chars().anyMatch(Character::isISOControl)) {
            errors.add(new FilterRejected.FieldError("name", "invalid-value", "name must not contain control characters"));
        } else {
            name = nameNode.asText().strip();
        }
        Map<String, String> query = new LinkedHashMap<>();
        JsonNode queryNode = body.path("query");
        if (!queryNode.isObject()) {
            errors.add(new FilterRejected.FieldError("query", "required", "query is required (an object of tray "
                    + "query keys; {} for the whole tray)"));
        } else {
            for (Iterator<Map.Entry<String, JsonNode>> it = queryNode.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                if (!entry.getValue().isTextual()) {
                    errors.add(new FilterRejected.FieldError("query." + entry.getKey(), "not-a-string",
                            "query." + entry.getKey() + " must be a string"));
                } else {
                    query.put(entry.getKey(), entry.getValue().asText());
                }
            }
            for (TrayParameters.Violation v : TrayParameters.violations(query)) {
                errors.add(new FilterRejected.FieldError("query." + v.field(), v.rule(), "query." + v.message()));
            }
        }
        if (!errors.isEmpty()) {
            throw FilterRejected.invalid(errors);
        }
        return new ValidFilter(name, query);
    }
}
