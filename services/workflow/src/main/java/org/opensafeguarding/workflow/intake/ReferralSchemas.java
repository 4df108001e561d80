package org.opensafeguarding.workflow.intake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.swagger.v3.core.util.Json31;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Discriminator;
import io.swagger.v3.oas.models.media.Schema;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Publishes the referral JSON Schemas (schemas/referrals, draft 2020-12) in the OpenAPI 3.1 document, read from the
 * same files the validator checks every referral against, so the document cannot drift from what intake accepts:
 * the envelope ({@value #ENVELOPE}), one data schema per {@link ReferralKind} ({@code Referral.<kind>}), the shared
 * definitions ({@code ReferralCommon.<name>}), one event schema per kind and {@value #EVENT}, the body of
 * {@code POST /api/referrals}: one of the kinds, told apart by the CloudEvent's {@code type}.
 *
 * <p>References between the files become references between components. {@code $id} is kept as
 * {@code x-schema-id} rather than as itself, which would make each component its own base URI for references.
 */
@Component
class ReferralSchemas implements OpenApiCustomizer {

    static final String EVENT = "ReferralEvent";
    static final String ENVELOPE = "ReferralEnvelope";
    static final String DATA_PREFIX = "Referral.";
    static final String COMMON_PREFIX = "ReferralCommon.";
    static final String EVENT_PREFIX = "ReferralEvent.";
    private static final String COMPONENTS = "#/components/schemas/";
    private static final String FOLDER = "schemas/referrals/";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, Schema> components;

    ReferralSchemas() {
        this.components = build();
    }

    @Override
    public void customise(OpenAPI openApi) {
        components.forEach((name, schema) -> openApi.getComponents().addSchemas(name, schema));
    }

    /** The components, by name, in document order. */
    static Map<String, Schema> build() {
        Map<String, Schema> out = new LinkedHashMap<>();
        publish(out, "common.v1.json", null);
        publish(out, "envelope.v1.json", ENVELOPE);
        List<Schema> kinds = new ArrayList<>();
        Discriminator byType = new Discriminator().propertyName("type");
        for (ReferralKind kind : ReferralKind.values()) {
            publish(out, kind.kindName() + ".v1.json", DATA_PREFIX + kind.kindName());
            ObjectNode typed = JSON.createObjectNode();
            typed.putArray("allOf").add(ref(ENVELOPE)).addObject()
                    .put("description", "the CloudEvent of a " + kind.kindName() + " referral")
                    .putObject("properties").<ObjectNode>set("type", JSON.createObjectNode()
                            .put("const", kind.cloudEventType()))
                    .set("data", ref(DATA_PREFIX + kind.kindName()));
            out.put(EVENT_PREFIX + kind.kindName(), toSchema(typed, ""));
            kinds.add(new Schema<>().$ref(COMPONENTS + EVENT_PREFIX + kind.kindName()));
            byType.mapping(kind.cloudEventType(), COMPONENTS + EVENT_PREFIX + kind.kindName());
        }
        Schema<Object> event = new Schema<>();
        event.setDescription("A referral as a CloudEvents 1.0 JSON envelope (structured mode): one of the referral "
                + "kinds, by its type. The schemas are those of schemas/referrals (JSON Schema 2020-12), which "
                + "intake validates every referral against.");
        event.setOneOf(kinds);
        event.setDiscriminator(byType);
        out.put(EVENT, event);
        return out;
    }

    /**
     * One file: its definitions as components of their own ({@link #definitionPrefix}), and the file itself as
     * {@code name} (none for common.v1.json, which is only definitions).
     */
    private static void publish(Map<String, Schema> out, String file, String name) {
        JsonNode schema = read(file);
        schema.path("$defs").fields().forEachRemaining(d ->
                out.put(definitionPrefix(file) + d.getKey(), toSchema(d.getValue(), file)));
        if (name != null) {
            out.put(name, toSchema(schema, file));
        }
    }

    /** Where a file's {@code $defs} go: common.v1.json's are ReferralCommon.*, another file's under its own name. */
    static String definitionPrefix(String file) {
        if (file.equals("common.v1.json")) {
            return COMMON_PREFIX;
        }
        String stem = file.replace(".v1.json", "");
        return stem.equals("envelope") ? ENVELOPE + "." : DATA_PREFIX + stem + ".";
    }

    private static JsonNode read(String file) {
        try (InputStream in = new ClassPathResource(FOLDER + file).getInputStream()) {
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the referral schema " + file, e);
        }
    }

    private static Schema toSchema(JsonNode node, String file) {
        JsonNode rewritten = rewrite(node.deepCopy(), file);
        try {
            return Json31.mapper().treeToValue(rewritten, Schema.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read a referral schema as an OpenAPI schema", e);
        }
    }

    /** Points references at components; moves {@code $id} aside and drops {@code $schema} (the document's dialect). */
    private static JsonNode rewrite(JsonNode node, String file) {
        if (node instanceof ObjectNode object) {
            JsonNode id = object.remove("$id");
            if (id != null) {
                object.set("x-schema-id", id);
            }
            object.remove("$schema");
            object.remove("$defs");
            JsonNode target = object.get("$ref");
            if (target != null && target.isTextual() && !target.asText().startsWith(COMPONENTS)) {
                object.set("$ref", TextNode.valueOf(componentRef(target.asText(), file)));
            }
            for (Iterator<JsonNode> it = object.elements(); it.hasNext(); ) {
                rewrite(it.next(), file);
            }
        } else if (node.isArray()) {
            node.forEach(element -> rewrite(element, file));
        }
        return node;
    }

    /** {@code other.v1.json#/$defs/x} or {@code #/$defs/x} (in {@code file}) as a component reference. */
    static String componentRef(String target, String file) {
        int defs = target.indexOf("#/$defs/");
        if (defs < 0 || target.substring(defs + "#/$defs/".length()).contains("/")) {
            throw new IllegalStateException("the referral schema " + file + " refers to " + target + ", which the "
                    + "OpenAPI document cannot show: refer to a definition ($defs) of a schema file");
        }
        String in = defs == 0 ? file : target.substring(0, defs);
        return COMPONENTS + definitionPrefix(in) + target.substring(defs + "#/$defs/".length());
    }

    private static ObjectNode ref(String component) {
        return JSON.createObjectNode().put("$ref", COMPONENTS + component);
    }
}
