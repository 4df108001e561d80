package org.opensafeguarding.workflow.casemessages;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swagger.v3.core.util.Json31;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Schema;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * The bodies of the case-messages API in the OpenAPI document, made from the same field lists the API checks
 * bodies against ({@link CaseMessageCatalogue#MESSAGES}, {@link AgencyResponses#FIELDS}), so they cannot drift.
 */
@Component
class CaseMessageSchemas implements OpenApiCustomizer {

    static final String AGENCY_RESPONSE = "AgencyResponse";
    static final String MESSAGE_BODY = "CaseMessageBody";
    static final String COMPONENTS = "#/components/schemas/";

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public void customise(OpenAPI openApi) {
        openApi.getComponents().addSchemas(AGENCY_RESPONSE, schema(body("An agency's answer to a request",
                AgencyResponses.FIELDS)));
        ObjectNode any = JSON.createObjectNode().put("description", "The body of a case message: the one of these "
                + "that belongs to the message named in the path (each lists all of its fields; no others).");
        ArrayNode oneOf = any.putArray("oneOf");
        for (CaseMessageDefinition message : CaseMessageCatalogue.MESSAGES) {
            String name = MESSAGE_BODY + "." + message.messageName();
            openApi.getComponents().addSchemas(name, schema(body("The body of message " + message.messageName()
                    + " (" + message.caseType() + ")", message.fields())));
            oneOf.addObject().put("$ref", COMPONENTS + name);
        }
        openApi.getComponents().addSchemas(MESSAGE_BODY, schema(any));
    }

    private static ObjectNode body(String description, List<MessageField> fields) {
        ObjectNode body = JSON.createObjectNode().put("type", "object").put("description", description);
        ObjectNode properties = body.putObject("properties");
        ArrayNode required = JSON.createArrayNode();
        for (MessageField field : fields) {
            ObjectNode property = properties.putObject(field.name());
            switch (field.kind()) {
                case DATE -> property.put("type", "string").put("format", "date")
                        .put("description", "YYYY-MM-DD, not in the future");
                case CODE -> {
                    property.put("type", "string");
                    field.codes().forEach(property.putArray("enum")::add);
                }
                case BOOLEAN -> property.put("type", "boolean");
            }
            if (field.required()) {
                required.add(field.name());
            }
        }
        if (!required.isEmpty()) {
            body.set("required", required);
        }
        body.put("additionalProperties", false);
        return body;
    }

    private static Schema<?> schema(ObjectNode node) {
        try {
            return Json31.mapper().treeToValue(node, Schema.class);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
