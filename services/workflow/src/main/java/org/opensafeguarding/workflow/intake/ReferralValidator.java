package org.opensafeguarding.workflow.intake;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import org.opensafeguarding.calendar.WorkingDayCalendar;
import org.opensafeguarding.workflow.events.CloudEvents;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a raw referral record in the order that gives the most useful single answer: size, strict UTF-8, JSON
 * syntax, the text of every string ({@link TextIntegrity}), CloudEvents envelope, known type, the type's data
 * schema, then the rules no schema can say ({@link ReferralRules}). Pure: it touches no database, so a rejected
 * record can have changed nothing; REST and Kafka both call it, so both get the same rules.
 */
@Component
@EnableConfigurationProperties(IntakeProperties.class)
public class ReferralValidator {

    static final String SCHEMA_BASE = "https://opensafeguarding.org/schemas/";

    /**
     * Its own mapper: duplicate keys are refused (two different "type"s in one record must not be read either
     * way), and the parser keeps no source snippet so error messages cannot echo personal data.
     */
    private static final ObjectMapper STRICT = strict(Integer.MAX_VALUE);

    private static final Comparator<ValidationMessage> STABLE_ORDER = Comparator
            .comparing((ValidationMessage m) -> pointer(m))
            .thenComparing(ValidationMessage::getType);

    private final IntakeProperties properties;
    private final ReferralRules rules;
    /** {@link #STRICT} with the nesting limit: a record deeper than any referral schema allows is refused unread. */
    private final ObjectMapper reader;
    private final JsonSchema envelopeSchema;
    private final Map<ReferralKind, JsonSchema> dataSchemas = new EnumMap<>(ReferralKind.class);

    public ReferralValidator(IntakeProperties properties, Clock clock) {
        this.properties = properties;
        WorkingDayCalendar calendar = WorkingDayCalendar.englandAndWales();
        this.rules = new ReferralRules(clock, properties.clockSkew(), properties.earliestDate(),
                calendar.firstSupportedDate(), calendar.lastSupportedDate());
        this.reader = strict(properties.maxJsonDepth());
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
                b -> b.schemaMappers(m -> m.mapPrefix(SCHEMA_BASE, "classpath:schemas/")));
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder()
                .formatAssertionsEnabled(true)
                .pathType(PathType.JSON_POINTER)
                .build();
        this.envelopeSchema = load(factory, config, SCHEMA_BASE + "referrals/envelope.v1.json");
        for (ReferralKind kind : ReferralKind.values()) {
            dataSchemas.put(kind, load(factory, config, SCHEMA_BASE + "referrals/" + kind.kindName() + ".v1.json"));
        }
    }

    private static ObjectMapper strict(int maxDepth) {
        JsonFactory factory = JsonFactory.builder()
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(maxDepth).build())
                .build();
        return JsonMapper.builder(factory)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .build();
    }

    private static JsonSchema load(JsonSchemaFactory factory, SchemaValidatorsConfig config, String uri) {
        JsonSchema schema = factory.getSchema(SchemaLocation.of(uri), config);
        // resolve every $ref now, so a broken schema stops startup instead of the first referral
        schema.initializeValidators();
        return schema;
    }

    /**
     * A referral that passed every check that needs no database.
     *
     * @param declaredTenant its {@code tenantid}, or null when it has none: which tenant it is for then is the
     *                       {@link IntegrationRegistry}'s decision, never a silent default
     */
    public record ValidReferral(JsonNode envelope, ReferralKind kind, String eventId, String source,
                                String subject, String declaredTenant, String sha256) {

        public JsonNode data() {
            return envelope.path(CloudEvents.DATA);
        }
    }

    /** One failed rule. {@code field} is a JSON pointer into the CloudEvent. */
    public record Violation(String field, String rule, String message) {
    }

    /** @throws ReferralRejectedException naming the first failing field and rule */
    public ValidReferral validate(byte[] raw) {
        if (raw == null || raw.length == 0) {
            throw new ReferralRejectedException(RejectionReason.INVALID_JSON, "", "syntax", "the record is empty");
        }
        long max = properties.maxRecordSize().toBytes();
        if (raw.length > max) {
            throw new ReferralRejectedException(RejectionReason.TOO_LARGE, "", "max-bytes",
                    "the record is " + raw.length + " bytes; the limit is " + max);
        }
        TextIntegrity.requireStrictUtf8(raw);
        JsonNode envelope = parse(raw);
        // named on every later rejection when well-formed, so a dead-letter reference can say which event it was
        String eventId = envelope.path(CloudEvents.ID).isTextual() ? envelope.path(CloudEvents.ID).asText() : null;
        List<Violation> textErrors = TextIntegrity.violations(envelope);
        if (!textErrors.isEmpty()) {
            throw rejected(RejectionReason.INVALID_DATA, textErrors).forEvent(eventId);
        }
        List<Violation> envelopeErrors = violations(envelopeSchema, envelope, "");
        if (!envelopeErrors.isEmpty()) {
            throw rejected(RejectionReason.ENVELOPE, envelopeErrors).forEvent(eventId);
        }
        String type = envelope.path(CloudEvents.TYPE).asText();
        ReferralKind kind = ReferralKind.forType(type).orElseThrow(() -> new ReferralRejectedException(
                RejectionReason.UNKNOWN_TYPE, "/" + CloudEvents.TYPE, "known-type",
                "/type: not a referral type this service accepts; accepted types are "
                        + Arrays.stream(ReferralKind.values()).map(ReferralKind::cloudEventType).toList(), eventId));
        List<Violation> dataErrors = violations(dataSchemas.get(kind), envelope.path(CloudEvents.DATA), "/" + CloudEvents.DATA);
        if (!dataErrors.isEmpty()) {
            throw rejected(RejectionReason.SCHEMA, dataErrors).forEvent(eventId);
        }
        List<Violation> ruleErrors = rules.check(envelope, kind);
        if (!ruleErrors.isEmpty()) {
            throw rejected(RejectionReason.INVALID_DATA, ruleErrors).forEvent(eventId);
        }
        String tenant = envelope.hasNonNull(CloudEvents.TENANTID) ? envelope.get(CloudEvents.TENANTID).asText() : null;
        String subject = envelope.hasNonNull(CloudEvents.SUBJECT) ? envelope.get(CloudEvents.SUBJECT).asText() : null;
        return new ValidReferral(envelope, kind, eventId, envelope.path(CloudEvents.SOURCE).asText(), subject, tenant,
                sha256(envelope));
    }

    /** Every failed rule, for callers (REST) that can show more than one. */
    public List<Violation> allViolations(ReferralRejectedException rejected) {
        return rejected instanceof SchemaRejectedException s ? s.violations
                : List.of(new Violation(rejected.field(), rejected.rule(), rejected.getMessage()));
    }

    private JsonNode parse(byte[] raw) {
        try {
            JsonNode node = reader.readTree(raw);
            if (node == null || node.isMissingNode()) {
                throw new ReferralRejectedException(RejectionReason.INVALID_JSON, "", "syntax", "the record is empty");
            }
            return node;
        } catch (StreamConstraintsException e) {
            if (e.getMessage() != null && e.getMessage().contains("nesting depth")) {
                throw new ReferralRejectedException(RejectionReason.INVALID_JSON, "", "max-depth",
                        "the record nests objects and arrays deeper than " + properties.maxJsonDepth()
                                + " levels (safeguarding.intake.max-json-depth)");
            }
            // a number of a thousand digits and the like: Jackson's other limits
            throw new ReferralRejectedException(RejectionReason.INVALID_JSON, "", "syntax",
                    "the record is not valid JSON (a value is longer than the parser allows)");
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            String rule = e.getMessage() != null && e.getMessage().startsWith("Duplicate field") ? "duplicate-key" : "syntax";
            throw new ReferralRejectedException(RejectionReason.INVALID_JSON, "", rule,
                    "the record is not valid JSON (" + rule + ")" + where);
        } catch (IOException e) {
            throw new ReferralRejectedException(RejectionReason.INVALID_JSON, "", "syntax", "the record could not be read as JSON");
        }
    }

    private static List<Violation> violations(JsonSchema schema, JsonNode node, String prefix) {
        Set<ValidationMessage> messages = schema.validate(node);
        return messages.stream().sorted(STABLE_ORDER)
                .map(m -> new Violation(prefix + pointer(m), m.getType(), message(prefix, m)))
                .toList();
    }

    /** For required and additionalProperties the failing field is the named property, not its parent object. */
    private static String pointer(ValidationMessage m) {
        String at = m.getInstanceLocation().toString();
        at = at.equals("") || at.equals("/") ? "" : at;
        String property = m.getProperty();
        if (property != null && ("required".equals(m.getType()) || "additionalProperties".equals(m.getType())
                || "false".equals(m.getType()))) {
            return at + "/" + property.replace("~", "~0").replace("/", "~1");
        }
        return at;
    }

    /**
     * "{@code <pointer>: <error>}", the pointer being where the rule failed (the object, for {@code required}); just
     * the error at the root of the record. networknt starts its own message with the location relative to the
     * validated node, which is empty at that node's root and so left a bare ": " before the error.
     */
    private static String message(String prefix, ValidationMessage m) {
        String at = m.getInstanceLocation().toString();
        String location = prefix + (at.equals("/") ? "" : at);
        String error = m.getError();
        if (error == null || error.isBlank()) {
            String full = m.getMessage();
            error = full.startsWith(at + ": ") ? full.substring(at.length() + 2) : full;
        }
        return location.isEmpty() ? error : location + ": " + error;
    }

    private static ReferralRejectedException rejected(RejectionReason reason, List<Violation> violations) {
        return new SchemaRejectedException(reason, violations);
    }

    private static String sha256(JsonNode envelope) {
        try {
            // canonical enough: the same JSON with other whitespace is the same referral
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(STRICT.writeValueAsBytes(envelope));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException | JsonProcessingException e) {
            throw new IllegalStateException("could not hash the referral", e);
        }
    }

    /** Carries every violation; the headline is the first in a stable order. */
    static final class SchemaRejectedException extends ReferralRejectedException {

        private final List<Violation> violations;

        SchemaRejectedException(RejectionReason reason, List<Violation> violations) {
            super(reason, violations.get(0).field(), violations.get(0).rule(), violations.get(0).message()
                    + (violations.size() > 1 ? " (and " + (violations.size() - 1) + " more)" : ""));
            this.violations = List.copyOf(violations);
        }
    }
}
