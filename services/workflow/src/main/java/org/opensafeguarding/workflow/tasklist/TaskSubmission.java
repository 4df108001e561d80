package org.opensafeguarding.workflow.tasklist;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.opensafeguarding.workflow.tasklist.TasklistException.FormViolation;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A completion body split the way docs/processes.md §1.2 asks: {@code record.*} fields (free text, for the case
 * record only) and everything else (routing facts, for the engine). {@code record.*} may come as flat keys
 * ({@code "record.rationale": "..."}) or, as Camunda Forms submits dotted keys, nested
 * ({@code "record": {"rationale": "..."}}).
 */
final class TaskSubmission {

    static final String RECORD = "record";
    static final String RECORD_PREFIX = RECORD + ".";
    static final String DECISION_MAKER_ROLE = "decisionMakerRole";
    static final String RATIONALE = RECORD_PREFIX + "rationale";

    private final Map<String, JsonNode> routing = new LinkedHashMap<>();
    private final Map<String, JsonNode> records = new LinkedHashMap<>();
    private final List<FormViolation> shapeProblems = new ArrayList<>();

    private TaskSubmission() {
    }

    static TaskSubmission parse(JsonNode body) {
        TaskSubmission s = new TaskSubmission();
        if (body == null || !body.isObject()) {
            s.shapeProblems.add(new FormViolation("", "type", "The body must be a JSON object of form field values"));
            return s;
        }
        Iterator<Map.Entry<String, JsonNode>> fields = body.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String key = field.getKey();
            JsonNode value = field.getValue();
            if (RECORD.equals(key)) {
                if (!value.isObject()) {
                    s.shapeProblems.add(new FormViolation(RECORD, "type", "record must be an object of free-text fields"));
                    continue;
                }
                value.fields().forEachRemaining(r -> s.addRecord(RECORD_PREFIX + r.getKey(), r.getValue()));
            } else if (key.startsWith(RECORD_PREFIX)) {
                s.addRecord(key, value);
            } else {
                s.routing.put(key, value);
            }
        }
        return s;
    }

    private void addRecord(String key, JsonNode value) {
        if (records.containsKey(key)) {
            shapeProblems.add(new FormViolation(key, "duplicate", key + " is given twice"));
        } else if (!value.isNull() && !value.isTextual()) {
            shapeProblems.add(new FormViolation(key, "type", key + " must be text"));
        } else {
            records.put(key, value);
        }
    }

    /** Problems with the body's shape, before any form is consulted. */
    List<FormViolation> shapeProblems() {
        return shapeProblems;
    }

    /** Non-record fields in the order given: what the engine gets. */
    Map<String, JsonNode> routing() {
        return routing;
    }

    /** record.* fields: what only the case record gets. */
    Map<String, JsonNode> records() {
        return records;
    }

    /** The record.* texts that were filled in (null and blank ones left out). */
    Map<String, String> recordTexts() {
        Map<String, String> texts = new LinkedHashMap<>();
        records.forEach((k, v) -> {
            if (v.isTextual() && !v.asText().isBlank()) {
                texts.put(k, v.asText());
            }
        });
        return texts;
    }

    /** A completion is a decision when it names the decision-maker's role (docs/processes.md §1.2). */
    boolean decision() {
        JsonNode role = routing.get(DECISION_MAKER_ROLE);
        return role != null && !role.isNull();
    }

    JsonNode value(String key) {
        return key.startsWith(RECORD_PREFIX) ? records.get(key) : routing.get(key);
    }

    Map<String, Object> engineVariables(ObjectMapper json) {
        Map<String, Object> variables = new LinkedHashMap<>();
        routing.forEach((k, v) -> variables.put(k, json.convertValue(v, Object.class)));
        return variables;
    }

    /** SHA-256 of the submission with keys sorted, so the same values in another order are the same submission. */
    String sha256(ObjectMapper json) {
        Map<String, Object> canonical = new TreeMap<>();
        routing.forEach((k, v) -> canonical.put(k, json.convertValue(v, Object.class)));
        records.forEach((k, v) -> canonical.put(k, json.convertValue(v, Object.class)));
        try {
            byte[] bytes = json.writer(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
                    .writeValueAsString(canonical).getBytes(StandardCharsets.UTF_8);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
