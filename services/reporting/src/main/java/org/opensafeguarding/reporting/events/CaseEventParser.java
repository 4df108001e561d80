package org.opensafeguarding.reporting.events;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.DeserializationFeature;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Reads a record of {@code safeguarding.case-events.v1} defensively: the envelope and the fields each projection
 * needs are checked, everything else is ignored, so the producer can add fields without breaking reporting. The
 * same codes-only rule as the producer's guard applies to every value stored, so a producer bug cannot carry free
 * text (possibly personal data) into the reporting database.
 */
@Component
public class CaseEventParser {

    /** The code fields a type's projection stores, beyond the common ones. */
    private static final Map<EventType, List<String>> REQUIRED_CODES = Map.of(
            EventType.TASK_CREATED, List.of("taskType"),
            EventType.TASK_ASSIGNED, List.of("taskType"),
            EventType.TASK_UNASSIGNED, List.of("taskType"),
            EventType.TASK_COMPLETED, List.of("taskType"),
            EventType.TASK_CANCELED, List.of("taskType"),
            EventType.DECISION_RECORDED, List.of("decisionType", "outcome"),
            EventType.OUTCOME_RECORDED, List.of("outcomeType", "outcome"),
            EventType.NOTICE_SENT, List.of("notice"));

    private final ObjectMapper json;

    public CaseEventParser() {
        JsonFactory factory = JsonFactory.builder()
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(16).build())
                .build();
        this.json = JsonMapper.builder(factory).enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
    }

    public ParsedRecord parse(byte[] value) {
        if (value == null) {
            return rejected(Rejection.of("invalid-json", "", "syntax"), null);
        }
        JsonNode root;
        try {
            root = json.readTree(new String(value, StandardCharsets.UTF_8));
        } catch (Exception e) {
            return rejected(Rejection.of("invalid-json", "", "syntax"), null);
        }
        if (root == null || !root.isObject()) {
            return rejected(Rejection.of("invalid-json", "", "type"), null);
        }
        try {
            return parse(root);
        } catch (RuntimeException unexpected) {
            // a shape no check foresaw must park the record, not stop the partition
            return rejected(Rejection.of("envelope", "", "readable"), null);
        }
    }

    private ParsedRecord parse(JsonNode root) {
        Envelope envelope = new Envelope(root);
        Optional<Rejection> bad = envelope.check();
        if (bad.isPresent()) {
            return rejected(bad.get(), envelope);
        }
        Optional<EventType> type = EventType.of(envelope.type);
        if (type.isEmpty()) {
            return rejected(Rejection.of("unknown-type", "/type", "known-type"), envelope);
        }
        JsonNode data = root.get("data");
        for (String field : REQUIRED_CODES.getOrDefault(type.get(), List.of())) {
            if (!isCode(data.get(field))) {
                return rejected(Rejection.of("data", "/data/" + field, data.has(field) ? "code" : "required"), envelope);
            }
        }
        Optional<Rejection> specific = checkSpecific(type.get(), data);
        if (specific.isPresent()) {
            return rejected(specific.get(), envelope);
        }
        return ParsedRecord.accepted(new CaseEvent(envelope.id, envelope.type, envelope.subject, envelope.sequence,
                envelope.tenant, envelope.caseType, envelope.processVersion, envelope.occurredOn,
                imported(root), data, root));
    }

    private static Optional<Rejection> checkSpecific(EventType type, JsonNode data) {
        switch (type) {
            case TASK_CREATED, TASK_ASSIGNED, TASK_UNASSIGNED, TASK_COMPLETED, TASK_CANCELED -> {
                if (!isPseudonym(data.get("task"))) {
                    return Optional.of(Rejection.of("data", "/data/task", data.has("task") ? "pattern" : "required"));
                }
                if (data.has("assigneeRole") && !isCode(data.get("assigneeRole"))) {
                    return Optional.of(Rejection.of("data", "/data/assigneeRole", "code"));
                }
            }
            case DEADLINE_SET, DEADLINE_MET, DEADLINE_BREACHED, DEADLINE_LAPSED -> {
                if (!isCode(data.get("timescale"))) {
                    return Optional.of(Rejection.of("data", "/data/timescale", data.has("timescale") ? "code" : "required"));
                }
                if (day(data.get("dueOn")).isEmpty()) {
                    return Optional.of(Rejection.of("data", "/data/dueOn", data.has("dueOn") ? "format" : "required"));
                }
            }
            case DECISION_RECORDED -> {
                if (data.has("decisionMakerRole") && !isCode(data.get("decisionMakerRole"))) {
                    return Optional.of(Rejection.of("data", "/data/decisionMakerRole", "code"));
                }
            }
            default -> {
                // the common fields are enough
            }
        }
        return Optional.empty();
    }

    private static boolean imported(JsonNode root) {
        JsonNode marker = root.path("data").get("imported");
        if (marker == null) {
            marker = root.get("imported");
        }
        return marker != null && (marker.asBoolean(false) || "true".equals(marker.asText()));
    }

    private static ParsedRecord rejected(Rejection rejection, Envelope envelope) {
        if (envelope == null) {
            return new ParsedRecord(null, rejection, null, null, null, null, null);
        }
        return new ParsedRecord(null, rejection, envelope.id, envelope.typeIfCode(), envelope.subject,
                envelope.sequence == 0 ? null : envelope.sequence, envelope.tenant);
    }

    static boolean isCode(JsonNode node) {
        return node != null && node.isTextual() && Codes.isCode(node.asText());
    }

    static boolean isPseudonym(JsonNode node) {
        return node != null && node.isTextual() && Codes.isPseudonym(node.asText());
    }

    static Optional<LocalDate> day(JsonNode node) {
        return node != null && node.isTextual() && node.asText().length() == 10
                ? CaseEvent.parseDay(node.asText()) : Optional.empty();
    }

    /** The envelope facts, each kept only when well formed, so a rejection can still say which case it was. */
    private static final class Envelope {
        final JsonNode root;
        final String id;
        final String type;
        final String subject;
        final long sequence;
        final String tenant;
        final String caseType;
        final String processVersion;
        final LocalDate occurredOn;

        Envelope(JsonNode root) {
            this.root = root;
            JsonNode data = root.path("data");
            this.id = matching(root.get("id"), Codes::isEventId);
            this.type = root.path("type").isTextual() ? root.get("type").asText() : null;
            this.subject = matching(root.get("subject"), Codes::isPseudonym);
            String seq = matching(root.get("sequence"), Codes::isSequence);
            this.sequence = seq == null ? 0 : parseSequence(seq);
            this.tenant = matching(data.get("tenant"), Codes::isCode);
            this.caseType = matching(data.get("caseType"), Codes::isCode);
            this.processVersion = matching(data.get("processVersion"), Codes::isCode);
            this.occurredOn = day(data.get("occurredOn")).orElse(null);
        }

        Optional<Rejection> check() {
            if (!"1.0".equals(root.path("specversion").asText(null))) {
                return bad("/specversion", root.has("specversion") ? "const" : "required");
            }
            if (id == null) {
                return bad("/id", root.has("id") ? "pattern" : "required");
            }
            if (type == null) {
                return bad("/type", "required");
            }
            if (subject == null) {
                return bad("/subject", root.has("subject") ? "pattern" : "required");
            }
            if (sequence == 0) {
                return bad("/sequence", root.has("sequence") ? "pattern" : "required");
            }
            JsonNode data = root.get("data");
            if (data == null || !data.isObject()) {
                return bad("/data", data == null ? "required" : "type");
            }
            if (!subject.equals(data.path("case").asText(null))) {
                return data("/data/case", data.has("case") ? "same-as-subject" : "required");
            }
            if (tenant == null) {
                return data("/data/tenant", data.has("tenant") ? "code" : "required");
            }
            if (caseType == null) {
                return data("/data/caseType", data.has("caseType") ? "code" : "required");
            }
            if (processVersion == null) {
                return data("/data/processVersion", data.has("processVersion") ? "code" : "required");
            }
            if (occurredOn == null) {
                return data("/data/occurredOn", data.has("occurredOn") ? "format" : "required");
            }
            return Optional.empty();
        }

        private static long parseSequence(String digits) {
            try {
                return Long.parseLong(digits);
            } catch (NumberFormatException beyondLong) {
                return 0;
            }
        }

        String typeIfCode() {
            return type != null && type.length() <= 200 && type.matches("^[A-Za-z0-9._:-]+$") ? type : null;
        }

        private static Optional<Rejection> bad(String field, String rule) {
            return Optional.of(Rejection.of("envelope", field, rule));
        }

        private static Optional<Rejection> data(String field, String rule) {
            return Optional.of(Rejection.of("data", field, rule));
        }

        private static String matching(JsonNode node, Predicate<String> shape) {
            return node != null && node.isTextual() && shape.test(node.asText()) ? node.asText() : null;
        }
    }
}
