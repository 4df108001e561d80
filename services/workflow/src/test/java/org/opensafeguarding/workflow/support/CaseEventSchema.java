package org.opensafeguarding.workflow.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import java.util.Set;
import java.util.stream.Collectors;

/** The published event schemas (case events, referral receipts), loaded from the same files the docs point to. */
public final class CaseEventSchema {

    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
            b -> b.schemaMappers(m -> m.mapPrefix("https://opensafeguarding.org/schemas/", "classpath:schemas/")));
    private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true)
            .pathType(PathType.JSON_POINTER).build();
    private static final JsonSchema SCHEMA = FACTORY.getSchema(
            SchemaLocation.of("https://opensafeguarding.org/schemas/case-events/case-event.v1.json"), CONFIG);
    private static final JsonSchema RECEIPT = FACTORY.getSchema(
            SchemaLocation.of("https://opensafeguarding.org/schemas/referrals/receipt.v1.json"), CONFIG);

    private CaseEventSchema() {
    }

    /** @return the violations, empty when the event conforms */
    public static String violations(JsonNode event) {
        return messages(SCHEMA.validate(event));
    }

    /** A referral receipt against {@code schemas/referrals/receipt.v1.json}; empty when it conforms. */
    public static String receiptViolations(JsonNode receipt) {
        return messages(RECEIPT.validate(receipt));
    }

    private static String messages(Set<ValidationMessage> errors) {
        return errors.stream().map(ValidationMessage::getMessage).collect(Collectors.joining("; "));
    }
}
