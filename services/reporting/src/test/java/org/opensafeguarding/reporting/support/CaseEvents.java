package org.opensafeguarding.reporting.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.InputFormat;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Builds case events exactly as the workflow service publishes them (docs/events.md), numbering each case's events
 * 1, 2, 3, ... and checking every one against the workflow service's own schema, so the tests cannot drift from
 * the contract. {@link #unchecked} builds one the schema does not know yet (a field being added upstream).
 */
public final class CaseEvents {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path SCHEMA = Path.of("../workflow/src/main/resources/schemas/case-events/case-event.v1.json");
    private static volatile JsonSchema schema;

    private final Map<String, Long> sequences = new HashMap<>();
    private final String tenant;

    public CaseEvents(String tenant) {
        this.tenant = tenant;
    }

    public static String pseudonym(String name) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(name.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A case under construction: its type and regime, and the next event's sequence. */
    public final class Case {
        public final String pseudonym;
        final String caseType;
        final String processVersion;
        boolean check = true;

        Case(String name, String caseType, String processVersion) {
            this.pseudonym = pseudonym(name);
            this.caseType = caseType;
            this.processVersion = processVersion;
        }

        public byte[] opened(LocalDate on, String referralKind, LocalDate trigger, String ageBand,
                             Map<String, Object> categories) {
            ObjectNode data = common(on);
            data.put("referralKind", referralKind);
            data.put("channel", "KAFKA");
            data.put("triggerDate", trigger.toString());
            data.put("ageBand", ageBand);
            data.set("categories", JSON.valueToTree(categories));
            return event("case.opened", data);
        }

        public byte[] task(String kind, String task, String taskType, LocalDate on, String assigneeRole) {
            ObjectNode data = common(on);
            data.put("task", pseudonym(task));
            data.put("taskType", taskType);
            if (assigneeRole != null) {
                data.put("assigneeRole", assigneeRole);
            }
            return event("case.task." + kind, data);
        }

        public byte[] deadline(String kind, String timescale, LocalDate due, LocalDate on) {
            ObjectNode data = common(on);
            data.put("timescale", timescale);
            data.put("dueOn", due.toString());
            return event("case.deadline." + kind, data);
        }

        public byte[] outcome(String type, String outcome, LocalDate on) {
            ObjectNode data = common(on);
            data.put("outcomeType", type);
            data.put("outcome", outcome);
            return event("case.outcome.recorded", data);
        }

        public byte[] decision(String type, String outcome, String role, LocalDate on) {
            ObjectNode data = common(on);
            data.put("decisionType", type);
            data.put("outcome", outcome);
            data.put("decisionMakerRole", role);
            data.set("criteria", JSON.valueToTree(Map.of("thresholdMet", true)));
            return event("case.decision.recorded", data);
        }

        public byte[] notice(String notice, LocalDate on) {
            ObjectNode data = common(on);
            data.put("notice", notice);
            data.set("recipients", JSON.valueToTree(List.of("national-panel")));
            return event("case.notice.sent", data);
        }

        public byte[] closed(LocalDate on) {
            return event("case.closed", common(on));
        }

        /** The next event with data fields the current schema does not have yet (e.g. a form's business date). */
        public Case unchecked() {
            check = false;
            return this;
        }

        public long skip() {
            return sequences.merge(pseudonym, 1L, Long::sum);
        }

        public ObjectNode commonData(LocalDate on) {
            return common(on);
        }

        ObjectNode common(LocalDate on) {
            ObjectNode data = JSON.createObjectNode();
            data.put("case", pseudonym);
            data.put("caseType", caseType);
            data.put("processVersion", processVersion);
            data.put("tenant", tenant);
            data.put("occurredOn", on.toString());
            return data;
        }

        public ObjectNode lastData;

        byte[] event(String type, ObjectNode data) {
            return withData(type, data, null);
        }

        /** As {@link #event}, letting the test add fields to data first. */
        public byte[] withData(String type, ObjectNode data, Map<String, Object> extra) {
            if (extra != null) {
                extra.forEach((k, v) -> data.set(k, JSON.valueToTree(v)));
            }
            long sequence = sequences.merge(pseudonym, 1L, Long::sum);
            ObjectNode e = JSON.createObjectNode();
            e.put("specversion", "1.0");
            e.put("id", UUID.randomUUID().toString());
            e.put("source", "urn:opensafeguarding:workflow");
            e.put("type", "org.opensafeguarding." + type);
            e.put("subject", pseudonym);
            e.put("datacontenttype", "application/json");
            e.put("dataschema", "https://opensafeguarding.org/schemas/case-events/case-event.v1.json");
            e.put("partitionkey", pseudonym);
            e.put("sequence", Long.toString(sequence));
            e.set("data", data);
            String text = e.toString();
            if (check) {
                Set<ValidationMessage> errors = schema().validate(text, InputFormat.JSON);
                if (!errors.isEmpty()) {
                    throw new AssertionError("test event breaks the case-event contract: " + errors);
                }
            }
            check = true;
            return text.getBytes(StandardCharsets.UTF_8);
        }
    }

    public Case lado(String name) {
        return new Case(name, "LADO_ALLEGATION", "LADO-WT2018");
    }

    public Case childDeath(String name) {
        return new Case(name, "CHILD_DEATH", "CDR-2018");
    }

    public Case seriousIncident(String name) {
        return new Case(name, "SERIOUS_INCIDENT", "CSPR-WT2018");
    }

    static JsonSchema schema() {
        JsonSchema s = schema;
        if (s == null) {
            try (InputStream in = Files.newInputStream(SCHEMA)) {
                s = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in,
                        SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build());
                schema = s;
            } catch (Exception e) {
                throw new IllegalStateException("cannot read the workflow service's case-event schema " + SCHEMA, e);
            }
        }
        return s;
    }
}
