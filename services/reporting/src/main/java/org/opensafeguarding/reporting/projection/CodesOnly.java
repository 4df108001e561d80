package org.opensafeguarding.reporting.projection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.opensafeguarding.reporting.events.Codes;

import java.util.Set;

/**
 * Keeps only values shaped like codes, days, pseudonyms, booleans and counts. The producer already refuses anything
 * else; this is the second lock, so a field added to the contract by mistake cannot put free text in reporting.
 */
final class CodesOnly {

    private static final Set<String> COMMON = Set.of("case", "tenant", "caseType", "processVersion", "occurredOn");

    private CodesOnly() {
    }

    static ObjectNode detail(JsonNode data) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        data.fields().forEachRemaining(f -> {
            if (!COMMON.contains(f.getKey()) && Codes.isCode(f.getKey())) {
                JsonNode kept = keep(f.getValue(), 0);
                if (kept != null) {
                    out.set(f.getKey(), kept);
                }
            }
        });
        return out;
    }

    private static JsonNode keep(JsonNode value, int depth) {
        if (value.isBoolean() || value.isIntegralNumber()) {
            return value;
        }
        if (value.isTextual()) {
            return Codes.isCode(value.asText()) ? value : null;
        }
        if (depth > 2) {
            return null;
        }
        if (value.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            value.forEach(v -> {
                JsonNode kept = keep(v, depth + 1);
                if (kept != null) {
                    out.add(kept);
                }
            });
            return out;
        }
        if (value.isObject()) {
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            value.fields().forEachRemaining(f -> {
                JsonNode kept = Codes.isCode(f.getKey()) ? keep(f.getValue(), depth + 1) : null;
                if (kept != null) {
                    out.set(f.getKey(), kept);
                }
            });
            return out;
        }
        return null;
    }
}
