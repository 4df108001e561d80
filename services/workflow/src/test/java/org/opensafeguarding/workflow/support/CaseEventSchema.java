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

/** The published case-event schema, loaded from the same file the docs point to. */
public final class CaseEventSchema {

    private static final JsonSchema SCHEMA = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
                    b -> b.schemaMappers(m -> m.mapPrefix("https://opensafeguarding.org/schemas/", "classpath:schemas/")))
            .getSchema(SchemaLocation.of("https://opensafeguarding.org/schemas/case-events/case-event.v1.json"),
                    SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).pathType(PathType.JSON_POINTER).build());

    private CaseEventSchema() {
    }

    /** @return the violations, empty when the event conforms */
    public static String violations(JsonNode event) {
        Set<ValidationMessage> errors = SCHEMA.validate(event);
        return errors.stream().map(ValidationMessage::getMessage).collect(Collectors.joining("; "));
    }
}
