package org.opensafeguarding.identity.access;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The matrix as data reads, routes like Spring MVC, and is what docs/security.md says it is. */
class AccessMatrixTest {

    private static final String BEGIN = "<!-- access-matrix:begin (generated from access-matrix.yml by AccessMatrixTest; do not edit by hand) -->";
    private static final String END = "<!-- access-matrix:end -->";

    private final AccessMatrix matrix = AccessMatrix.load();

    @Test
    void anOperationWithoutARuleIsClosedToEveryRole() {
        AccessMatrix.ServiceRules workflow = matrix.service("workflow");
        assertThat(workflow.ruleFor("GET", "/api/not-an-endpoint")).isEmpty();
        assertThat(workflow.allows(EnumSet.allOf(Role.class), "DELETE", "/api/tasks/1")).isFalse();
        assertThat(workflow.allows(EnumSet.allOf(Role.class), "GET", "/api/tasks/1/form/extra")).isFalse();
    }

    @Test
    void templatesMatchOneSegmentAndLiteralsWinOverTemplates() {
        AccessMatrix.ServiceRules engine = matrix.service("engine");
        assertThat(engine.ruleFor("POST", "/v2/process-instances/search").orElseThrow().operation().path())
                .isEqualTo("/v2/process-instances/search");
        assertThat(engine.ruleFor("GET", "/v2/process-instances/2251799813685249").orElseThrow().operation().path())
                .isEqualTo("/v2/process-instances/{key}");
        assertThat(engine.allows(Set.of(Role.ENGINE_OPERATOR), "POST", "/v2/deployments")).isFalse();
        assertThat(engine.allows(Set.of(Role.WORKFLOW_SERVICE), "POST", "/v2/deployments")).isTrue();
    }

    @Test
    void caseTypesFollowRoles() {
        assertThat(matrix.caseTypesFor(Set.of(Role.LADO_OFFICER))).containsExactly("LADO_ALLEGATION");
        assertThat(matrix.caseTypesFor(Set.of(Role.PARTNERSHIP_MANAGER, Role.AUDITOR))).isEmpty();
    }

    @Test
    void docsSecurityMdShowsTheMatrixAsTheCodeReadsIt() throws IOException {
        Path doc = Path.of("../../docs/security.md");
        String text = Files.readString(doc, StandardCharsets.UTF_8);
        String expected = table();
        int begin = text.indexOf(BEGIN);
        int end = text.indexOf(END);
        assertThat(begin).as("docs/security.md has the generated matrix between %s and %s", BEGIN, END)
                .isNotNegative();
        if (Boolean.getBoolean("access-matrix.write")) {
            // ./mvnw -pl services/identity test -Dtest=AccessMatrixTest -Daccess-matrix.write=true
            text = text.substring(0, begin + BEGIN.length()) + "\n" + expected.strip() + "\n" + text.substring(end);
            Files.writeString(doc, text, StandardCharsets.UTF_8);
            end = text.indexOf(END);
        }
        String actual = text.substring(begin + BEGIN.length(), end).strip();
        assertThat(actual).as("docs/security.md's matrix is out of date: run this test with -Daccess-matrix.write=true")
                .isEqualTo(expected.strip());
    }

    /** One table per service: operation, then the roles allowed (public operations say so). */
    static String table() {
        AccessMatrix matrix = AccessMatrix.load();
        StringBuilder out = new StringBuilder();
        for (String service : List.of("workflow", "reporting", "engine", "engine-grpc", "web-management")) {
            AccessMatrix.ServiceRules rules = matrix.service(service);
            out.append("\n**").append(service).append("**\n\n| Operation | Who may call it |\n|---|---|\n");
            rules.publicOperations().forEach(o -> out.append("| `").append(o).append("` | anyone (no token) |\n"));
            rules.rules().forEach(r -> out.append("| `").append(r.operation()).append("` | ")
                    .append(r.roles().stream().sorted().map(Role::name).collect(Collectors.joining(", ")))
                    .append(" |\n"));
            if (rules.rules().isEmpty()) {
                out.append("| anything else | nobody yet |\n");
            }
        }
        return out.toString();
    }
}
