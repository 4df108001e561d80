package org.opensafeguarding.engine.grpc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import org.opensafeguarding.engine.processing.EngineException;

/**
 * Variables, custom headers and results travel as JSON text in the gateway protocol. They are read and written
 * with the engine's own ObjectMapper, the one the REST adapter binds request bodies with, so a document means
 * the same over both protocols.
 */
final class JsonVariables {

    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {
    };

    private final ObjectMapper json;

    JsonVariables(ObjectMapper json) {
        this.json = json;
    }

    /** The document as a map; null when the field is empty (the protocol's "no variables"). */
    Map<String, Object> read(String document, String field) {
        if (document == null || document.isBlank()) {
            return null;
        }
        JsonNode node;
        try {
            node = json.readTree(document);
        } catch (JsonProcessingException e) {
            throw EngineException.invalid(field + ": expected a JSON document whose root is an object, but it is"
                    + " not valid JSON: " + e.getOriginalMessage());
        }
        if (node == null || node.isMissingNode() || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw EngineException.invalid(field + ": expected a JSON document whose root is an object, but was '"
                    + node.getNodeType() + "'");
        }
        return json.convertValue(node, MAP);
    }

    Map<String, Object> readOrEmpty(String document, String field) {
        Map<String, Object> values = read(document, field);
        return values == null ? new LinkedHashMap<>() : values;
    }

    String write(Map<String, ?> values) {
        try {
            return json.writeValueAsString(values == null ? Map.of() : values);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not write variables as JSON", e);
        }
    }
}
