package org.opensafeguarding.workflow.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.opensafeguarding.workflow.WorkflowApplication;
import org.opensafeguarding.workflow.intake.ReferralKind;
import org.opensafeguarding.workflow.support.TestInfrastructure;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.io.ClassPathResource;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The workflow service's live OpenAPI document (GET /v3/api-docs) is complete: who and what it is, the bearer
 * scheme, a schema for every body, every status each operation can answer as problem JSON, keys as strings, and the
 * referral body as the referral JSON Schemas themselves (compared with the files, keyword by keyword).
 */
@SpringBootTest(classes = WorkflowApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.config.name=" + WorkflowApplication.CONFIG_NAME)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiDocumentTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern KEY_NAME = Pattern.compile("^(id|.*Id|.*Key)$");

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfrastructure.register(registry);
    }

    @LocalServerPort
    int port;

    private JsonNode document;

    @BeforeAll
    void readTheDocument() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/v3/api-docs")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        document = JSON.readTree(response.body());
        Path copy = Path.of("target", "workflow-api-docs.json");
        Files.createDirectories(copy.getParent());
        Files.writeString(copy, document.toPrettyString());
    }

    @Test
    void saysWhatItIsAndHowToAuthenticate() {
        assertThat(document.path("openapi").asText()).startsWith("3.1");
        JsonNode info = document.path("info");
        assertThat(info.path("title").asText()).isEqualTo("Open Safeguarding workflow API");
        assertThat(info.path("version").asText()).matches("\\d+\\.\\d+\\.\\d+.*");
        assertThat(info.path("description").asText()).isNotBlank();
        assertThat(info.at("/license/name").asText()).isEqualTo("Apache-2.0");
        assertThat(info.at("/contact/url").asText()).startsWith("https://");
        JsonNode bearer = document.at("/components/securitySchemes/bearer");
        assertThat(bearer.path("type").asText()).isEqualTo("http");
        assertThat(bearer.path("scheme").asText()).isEqualTo("bearer");
        assertThat(bearer.path("bearerFormat").asText()).isEqualTo("JWT");
        assertThat(document.path("security").toString()).contains("\"bearer\"");
    }

    @Test
    void everyOperationHasTypedBodiesAndListsEveryStatusAsProblemJson() {
        List<String> faults = new ArrayList<>();
        operations().forEach((name, operation) -> {
            JsonNode body = operation.path("requestBody");
            if (!body.isMissingNode()) {
                body.path("content").fields().forEachRemaining(c -> {
                    if (untyped(c.getValue().path("schema"))) {
                        faults.add(name + ": untyped request body " + c.getKey());
                    }
                });
            }
            Set<String> statuses = new TreeSet<>();
            operation.path("responses").fieldNames().forEachRemaining(statuses::add);
            Set<String> expected = new TreeSet<>(Set.of("401", "403", "406", "500", "503"));
            if (!body.isMissingNode()) {
                expected.addAll(Set.of("400", "413", "415"));
            }
            if (operation.path("parameters").size() > 0) {
                expected.add("400");
            }
            if (operation.path("parameters").toString().contains("\"in\":\"path\"")) {
                expected.add("404");
            }
            if (!statuses.containsAll(expected)) {
                faults.add(name + ": lists " + statuses + ", not all of " + expected);
            }
            if (statuses.stream().noneMatch(s -> s.startsWith("2"))) {
                faults.add(name + ": no success status");
            }
            operation.path("responses").fields().forEachRemaining(r -> {
                JsonNode content = r.getValue().path("content");
                if (r.getKey().startsWith("2")) {
                    if (content.isEmpty() && !r.getKey().equals("204")) {
                        faults.add(name + ": " + r.getKey() + " answer without a body schema");
                    }
                    content.fields().forEachRemaining(c -> {
                        if (untyped(c.getValue().path("schema"))) {
                            faults.add(name + ": untyped " + r.getKey() + " answer");
                        }
                    });
                } else {
                    if (!content.at("/application~1problem+json/schema/$ref").asText()
                            .equals("#/components/schemas/Problem") || content.size() != 1) {
                        faults.add(name + ": " + r.getKey() + " is not described as problem JSON");
                    }
                }
            });
            if (!operation.at("/responses/503/headers/Retry-After").isObject()) {
                faults.add(name + ": 503 without Retry-After");
            }
        });
        assertThat(operations()).hasSizeGreaterThan(8);
        assertThat(faults).isEmpty();
        assertThat(operations().get("POST /api/referrals").path("responses").fieldNames())
                .toIterable().contains("200", "201", "400", "403", "409", "413", "415", "503");
        assertThat(operations().get("POST /api/tasks/{taskKey}/claim").path("responses").fieldNames())
                .toIterable().contains("200", "404", "409");
        // the case reads share their 400-404 answers through class-level annotations, not the generic texts
        assertThat(operations().get("GET /api/cases/{caseId}/timeline").at("/responses/403/description").asText())
                .contains("restricted");
        assertThat(operations().get("GET /api/cases/{caseId}/diagram").at("/responses/404/description").asText())
                .isEqualTo("no such case in the caller's partnerships");
    }

    @Test
    void theProblemSchemaNamesOurMembers() {
        JsonNode problem = document.at("/components/schemas/Problem");
        assertThat(problem.path("properties").fieldNames()).toIterable()
                .contains("type", "title", "status", "detail", "code", "reason", "field", "rule", "errors");
        assertThat(problem.at("/properties/errors/items/required").toString()).contains("field", "rule");
    }

    @Test
    void everyKeyIsAStringOfDigits() {
        List<String> faults = new ArrayList<>();
        operations().forEach((name, operation) -> operation.path("parameters").forEach(p -> {
            if (KEY_NAME.matcher(p.path("name").asText()).matches() && !isString(p.path("schema"))) {
                faults.add(name + " parameter " + p.path("name").asText() + " is " + p.path("schema"));
            }
        }));
        document.at("/components/schemas").fields().forEachRemaining(s ->
                keyProperties(s.getKey(), s.getValue(), faults));
        assertThat(faults).isEmpty();
        JsonNode taskKey = operations().get("GET /api/tasks/{taskKey}").path("parameters").get(0).path("schema");
        assertThat(taskKey.path("pattern").asText()).isEqualTo("^[0-9]{1,19}$");
        assertThat(document.at("/components/schemas/Task/properties/taskKey/type").toString()).contains("string");
    }

    @Test
    void theReferralBodyIsTheReferralSchemas() throws Exception {
        JsonNode body = operations().get("POST /api/referrals").at("/requestBody/content");
        assertThat(body.fieldNames()).toIterable().containsExactlyInAnyOrder("application/cloudevents+json",
                "application/json");
        body.forEach(media -> assertThat(media.at("/schema/$ref").asText())
                .isEqualTo("#/components/schemas/ReferralEvent"));
        JsonNode event = component("#/components/schemas/ReferralEvent");
        assertThat(event.path("oneOf")).hasSize(ReferralKind.values().length);
        assertThat(event.at("/discriminator/propertyName").asText()).isEqualTo("type");

        JsonNode envelope = component("#/components/schemas/ReferralEnvelope");
        assertSameShape("envelope", file("envelope.v1.json"), envelope);
        for (ReferralKind kind : ReferralKind.values()) {
            String ref = event.at("/discriminator/mapping").path(kind.cloudEventType()).asText();
            JsonNode typed = component(ref);
            assertThat(typed.at("/allOf/0/$ref").asText()).isEqualTo("#/components/schemas/ReferralEnvelope");
            assertThat(typed.at("/allOf/1/properties/type/const").asText()).isEqualTo(kind.cloudEventType());
            JsonNode data = component(typed.at("/allOf/1/properties/data/$ref").asText());
            assertSameShape(kind.kindName(), file(kind.kindName() + ".v1.json"), data);
        }
    }

    /**
     * The published schema says what the file says: the same required members, types, enums, formats, patterns
     * and limits at every level, references followed on both sides.
     */
    private void assertSameShape(String where, JsonNode file, JsonNode published) throws Exception {
        JsonNode fromFile = resolveFile(file, fileName(file));
        JsonNode fromDocument = resolveDocument(published);
        for (String keyword : List.of("type", "enum", "const", "format", "pattern", "minLength", "maxLength",
                "minimum", "maximum", "minItems", "maxItems", "additionalProperties")) {
            assertThat(fromDocument.path(keyword)).as(where + " " + keyword).isEqualTo(fromFile.path(keyword));
        }
        assertThat(names(fromDocument.path("required"))).as(where + " required").isEqualTo(names(fromFile.path("required")));
        assertThat(names(fromDocument.path("properties").fieldNames()))
                .as(where + " properties").isEqualTo(names(fromFile.path("properties").fieldNames()));
        for (Iterator<String> it = fromFile.path("properties").fieldNames(); it.hasNext(); ) {
            String property = it.next();
            assertSameShape(where + "/" + property, withFile(fromFile.path("properties").path(property), fromFile),
                    fromDocument.path("properties").path(property));
        }
        if (fromFile.has("items")) {
            assertSameShape(where + "/items", withFile(fromFile.path("items"), fromFile), fromDocument.path("items"));
        }
    }

    private JsonNode resolveFile(JsonNode node, String file) throws Exception {
        String ref = node.path("$ref").asText(null);
        if (ref == null) {
            return node;
        }
        int hash = ref.indexOf('#');
        String target = hash == 0 ? file : ref.substring(0, hash);
        JsonNode def = file(target).at(ref.substring(hash + 1));
        return resolveFile(withFile(def, file(target)), target);
    }

    private JsonNode resolveDocument(JsonNode node) {
        return node.has("$ref") ? resolveDocument(component(node.path("$ref").asText())) : node;
    }

    /** Marks where a sub-schema of a file came from, so its relative references resolve against that file. */
    private static JsonNode withFile(JsonNode node, JsonNode file) {
        if (node.isObject() && !node.has("x-file")) {
            com.fasterxml.jackson.databind.node.ObjectNode copy = node.deepCopy();
            copy.put("x-file", fileName(file));
            return copy;
        }
        return node;
    }

    private static String fileName(JsonNode file) {
        if (file.has("x-file")) {
            return file.path("x-file").asText();
        }
        String id = file.path("$id").asText();
        return id.substring(id.lastIndexOf('/') + 1);
    }

    private JsonNode file(String name) throws Exception {
        try (InputStream in = new ClassPathResource("schemas/referrals/" + name).getInputStream()) {
            return JSON.readTree(in);
        }
    }

    private JsonNode component(String ref) {
        assertThat(ref).startsWith("#/components/schemas/");
        JsonNode found = document.path("components").path("schemas").path(ref.substring("#/components/schemas/".length()));
        assertThat(found.isObject()).as(ref + " is in the document").isTrue();
        return found;
    }

    private static Set<String> names(JsonNode array) {
        Set<String> out = new HashSet<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static Set<String> names(Iterator<String> names) {
        Set<String> out = new HashSet<>();
        names.forEachRemaining(out::add);
        return out;
    }

    private void keyProperties(String where, JsonNode schema, List<String> faults) {
        schema.path("properties").fields().forEachRemaining(p -> {
            if (KEY_NAME.matcher(p.getKey()).matches() && !isString(p.getValue()) && !p.getValue().has("$ref")) {
                faults.add(where + "." + p.getKey() + " is " + p.getValue());
            }
            keyProperties(where + "." + p.getKey(), p.getValue(), faults);
        });
        if (schema.has("items")) {
            keyProperties(where + "[]", schema.path("items"), faults);
        }
    }

    private static boolean isString(JsonNode schema) {
        JsonNode type = schema.path("type");
        return type.isTextual() ? type.asText().equals("string")
                : type.isArray() && type.toString().contains("\"string\"") && !type.toString().contains("integer");
    }

    /** No schema, or an object schema that says nothing about its members. */
    private boolean untyped(JsonNode schema) {
        if (schema.isMissingNode() || schema.isEmpty()) {
            return true;
        }
        if (schema.has("$ref")) {
            return untyped(component(schema.path("$ref").asText()));
        }
        boolean bareObject = schema.path("type").toString().contains("object") && !schema.has("properties")
                && !schema.has("additionalProperties") && !schema.has("oneOf") && !schema.has("allOf");
        return bareObject;
    }

    private Map<String, JsonNode> operations() {
        Map<String, JsonNode> out = new java.util.TreeMap<>();
        document.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            if (Set.of("get", "put", "post", "delete", "patch").contains(op.getKey())) {
                out.put(op.getKey().toUpperCase() + " " + path.getKey(), op.getValue());
            }
        }));
        return out;
    }
}
