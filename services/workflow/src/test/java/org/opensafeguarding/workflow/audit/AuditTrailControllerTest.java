package org.opensafeguarding.workflow.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opensafeguarding.identity.access.Identity;
import org.opensafeguarding.identity.access.IdentityAuthentication;
import org.opensafeguarding.identity.access.Role;
import org.opensafeguarding.testkit.EmbeddedInfrastructure;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The auditor API over MockMvc, with the caller's verified identity put in the security context as the resource
 * server's filter leaves it (the filter itself, the access matrix and real tokens are the identity module's tests).
 */
@SpringBootTest(classes = AuditTestApplication.class, properties = AuditTestApplication.MIGRATIONS)
@DirtiesContext
class AuditTrailControllerTest {

    static final Identity AUDITOR = identity("aud1", Set.of(Role.AUDITOR), Set.of("north"));

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        EmbeddedInfrastructure.register(registry, "audit_api", AuditTestDatabase.SERVICE_ROLE);
    }

    @Autowired
    WebApplicationContext context;

    /** Built by hand: {@code @AutoConfigureMockMvc} would bring Spring Security's default filter chain with it. */
    MockMvc mvc;

    @Autowired
    AuditLog audit;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    ObjectMapper json;

    UUID northCase;
    UUID southCase;
    /** The rows of northCase, newest first. */
    List<Long> northIds;
    /** Just after the last row the setup wrote: the auditor's own (audited) queries come later. */
    String setupEnd;

    @BeforeEach
    void trail() {
        mvc = MockMvcBuilders.webAppContextSetup(context).build();
        northCase = insertCase("north");
        southCase = insertCase("south");
        long before = jdbc.sql("SELECT coalesce(max(id), 0) FROM audit_log").query(Long.class).single();
        transactions.executeWithoutResult(s -> {
            audit.record("intake", AuditAction.CREATE, "case", northCase.toString(), Map.of("eventId", "e-1"));
            audit.record("intake", AuditAction.CREATE, "case", southCase.toString(), Map.of("eventId", "e-2"));
        });
        transactions.executeWithoutResult(s -> audit.record(AuditEntry.of("user:lado1", AuditAction.READ, "case_task",
                "7").withCaseId(northCase).withRoles(List.of(Role.LADO_OFFICER)).withClientId("tasklist-web")));
        transactions.executeWithoutResult(s -> audit.record("user:lado2", AuditAction.DENIED, "case_task", "8",
                Map.of("caseId", northCase.toString())));
        // no case, no tenant: never shown by the API
        transactions.executeWithoutResult(s -> audit.record("user:lado1", AuditAction.READ, "case_task", "list", null));
        northIds = jdbc.sql("SELECT id FROM audit_log WHERE tenant = 'north' AND id > :before ORDER BY id DESC")
                .param("before", before).query(Long.class).list();
        assertThat(northIds).hasSize(3);
        setupEnd = occurredAt(northIds.get(0)).plusNanos(1000).toString();
    }

    @AfterEach
    void signOut() {
        SecurityContextHolder.clearContext();
    }

    @Test
    void anAuditorSeesTheRowsOfTheirOwnPartnershipsNewestFirst() throws Exception {
        JsonNode page = read(as(AUDITOR, get("/api/audit").param("size", "200")));

        List<Long> ids = ids(page);
        assertThat(ids).containsSubsequence(northIds).doesNotHaveDuplicates();
        assertThat(ids).isSortedAccordingTo((a, b) -> Long.compare(b, a));
        assertThat(page.get("items")).allSatisfy(item -> assertThat(item.get("tenant").asText()).isEqualTo("north"));
        assertThat(page.get("hasMore").asBoolean()).isFalse();

        JsonNode read = item(page, northIds.get(1));
        assertThat(read.get("actor").asText()).isEqualTo("user:lado1");
        assertThat(read.get("role").asText()).isEqualTo("LADO_OFFICER");
        assertThat(read.get("clientId").asText()).isEqualTo("tasklist-web");
        assertThat(read.get("caseId").asText()).isEqualTo(northCase.toString());
        assertThat(read.get("action").asText()).isEqualTo("READ");
        assertThat(read.get("outcome").asText()).isEqualTo("OK");
        assertThat(read.get("resourceType").asText()).isEqualTo("case_task");
        assertThat(read.get("resourceId").asText()).isEqualTo("7");
        assertThat(read.get("rowHash").asText()).hasSize(64);
        assertThat(Instant.parse(read.get("occurredAt").asText())).isEqualTo(occurredAt(northIds.get(1)).toInstant());

        JsonNode denied = item(page, northIds.get(0));
        assertThat(denied.get("action").asText()).isEqualTo("DENIED");
        assertThat(denied.get("outcome").asText()).isEqualTo("DENIED");
        assertThat(denied.get("detail").get("caseId").asText()).isEqualTo(northCase.toString());

        assertThat(ids(read(as(identity("aud2", Set.of(Role.AUDITOR), Set.of()), get("/api/audit"))))).isEmpty();
        assertThat(ids(read(as(identity("aud3", Set.of(Role.AUDITOR), Set.of("north", "south")),
                get("/api/audit").param("caseId", southCase.toString()))))).hasSize(1);
    }

    @Test
    void filtersCombine() throws Exception {
        String theCase = northCase.toString();
        assertThat(ids(read(as(AUDITOR, get("/api/audit").param("caseId", theCase).param("actor", "user:lado1")))))
                .containsExactly(northIds.get(1));
        assertThat(ids(read(as(AUDITOR, get("/api/audit").param("caseId", southCase.toString()))))).isEmpty();

        String second = occurredAt(northIds.get(1)).toInstant().toString();
        assertThat(ids(read(as(AUDITOR, get("/api/audit").param("caseId", theCase).param("from", second)
                .param("to", setupEnd))))).containsExactly(northIds.get(0), northIds.get(1));
        assertThat(ids(read(as(AUDITOR, get("/api/audit").param("caseId", theCase).param("to", second)))))
                .containsExactly(northIds.get(2));
        // dates are whole days in England, both ends included
        LocalDate first = occurredAt(northIds.get(2)).atZoneSameInstant(ZoneId.of("Europe/London")).toLocalDate();
        LocalDate last = occurredAt(northIds.get(0)).atZoneSameInstant(ZoneId.of("Europe/London")).toLocalDate();
        assertThat(ids(read(as(AUDITOR, get("/api/audit").param("caseId", theCase).param("from", first.toString())
                .param("to", last.toString()).param("actor", "intake"))))).containsExactly(northIds.get(2));
        assertThat(ids(read(as(AUDITOR, get("/api/audit").param("caseId", theCase)
                .param("to", first.minusDays(1).toString()))))).isEmpty();
        assertThat(ids(read(as(AUDITOR, get("/api/audit").param("caseId", theCase)
                .param("from", last.plusDays(1).toString()))))).isEmpty();
    }

    @Test
    void pagesAreNewestFirstAndSayWhetherMoreFollow() throws Exception {
        // "to" keeps the auditor's own audited query out of the second page
        JsonNode first = read(as(AUDITOR, get("/api/audit").param("caseId", northCase.toString()).param("size", "2")
                .param("to", setupEnd)));
        JsonNode second = read(as(AUDITOR, get("/api/audit").param("caseId", northCase.toString()).param("size", "2")
                .param("page", "1").param("to", setupEnd)));

        assertThat(ids(first)).containsExactly(northIds.get(0), northIds.get(1));
        assertThat(first.get("hasMore").asBoolean()).isTrue();
        assertThat(first.get("page").asInt()).isZero();
        assertThat(first.get("size").asInt()).isEqualTo(2);
        assertThat(ids(second)).containsExactly(northIds.get(2));
        assertThat(second.get("hasMore").asBoolean()).isFalse();
    }

    @Test
    void badParametersAreNamed() throws Exception {
        Map<String, Map<String, String>> cases = Map.of(
                "caseId", Map.of("caseId", "not-a-case"),
                "actor", Map.of("actor", "x".repeat(201)),
                "from", Map.of("from", "yesterday"),
                "to", Map.of("from", "2024-05-02T00:00:00Z", "to", "2024-05-01"),
                "page", Map.of("page", "-1"),
                "size", Map.of("size", "201"));
        for (var c : cases.entrySet()) {
            MockHttpServletRequestBuilder request = get("/api/audit");
            c.getValue().forEach(request::param);
            mvc.perform(as(AUDITOR, request))
                    .andExpect(status().isBadRequest())
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                    .andExpect(jsonPath("$.code").value("invalid-parameter"))
                    .andExpect(jsonPath("$.parameter").value(c.getKey()))
                    .andExpect(jsonPath("$.type").value("https://opensafeguarding.org/problems/audit/invalid-parameter"));
        }
        mvc.perform(as(AUDITOR, get("/api/audit").param("size", "abc"))).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.parameter").value("size"));
    }

    @Test
    void anAuditorsQueriesAreAuditedToo() throws Exception {
        read(as(AUDITOR, get("/api/audit").param("caseId", northCase.toString()).param("size", "10")));

        Map<String, Object> row = jdbc.sql("""
                SELECT actor, role, tenant, case_id, client_id, action, outcome, resource_type, resource_id,
                       detail::text AS detail
                FROM audit_log ORDER BY id DESC LIMIT 1""").query().singleRow();
        assertThat(row).containsEntry("actor", "user:aud1").containsEntry("role", "AUDITOR")
                .containsEntry("tenant", "north").containsEntry("case_id", northCase)
                .containsEntry("client_id", "auditor-web").containsEntry("action", "READ")
                .containsEntry("outcome", "OK").containsEntry("resource_type", "audit_log")
                .containsEntry("resource_id", "query");
        JsonNode detail = json.readTree((String) row.get("detail"));
        assertThat(detail.get("caseId").asText()).isEqualTo(northCase.toString());
        assertThat(detail.get("returned").asInt()).isEqualTo(3);
        assertThat(detail.get("size").asInt()).isEqualTo(10);
    }

    @Test
    void verificationAnswersAndIsAudited() throws Exception {
        JsonNode result = read(as(AUDITOR, get("/api/audit/verification")));

        assertThat(result.get("verified").asBoolean()).isTrue();
        assertThat(result.get("rowsChecked").asLong()).isGreaterThanOrEqualTo(5);
        assertThat(result.path("firstBrokenRowId").isNull() || result.path("firstBrokenRowId").isMissingNode()).isTrue();
        assertThat(jdbc.sql("""
                SELECT count(*) FROM audit_log WHERE actor = 'user:aud1' AND resource_type = 'audit_log'
                  AND resource_id = 'verification' AND detail ->> 'verified' = 'true'""").query(Long.class).single())
                .isEqualTo(1);
    }

    @Test
    void onlyAVerifiedAuditorGetsIn() throws Exception {
        mvc.perform(get("/api/audit")).andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.code").value("unauthenticated"));
        mvc.perform(as(identity("lado1", Set.of(Role.LADO_MANAGER), Set.of("north")), get("/api/audit")))
                .andExpect(status().isForbidden()).andExpect(jsonPath("$.code").value("forbidden"));
        assertThat(jdbc.sql("""
                SELECT count(*) FROM audit_log WHERE actor = 'user:lado1' AND action = 'DENIED'
                  AND resource_type = 'audit_log' AND tenant = 'north'""").query(Long.class).single()).isEqualTo(1);
    }

    private MockHttpServletRequestBuilder as(Identity identity, MockHttpServletRequestBuilder request) {
        Jwt jwt = Jwt.withTokenValue("test-token").header("alg", "none").subject(identity.subject())
                .issuedAt(Instant.now()).expiresAt(Instant.now().plusSeconds(300)).build();
        SecurityContextHolder.getContext().setAuthentication(new IdentityAuthentication(jwt, identity));
        return request;
    }

    private JsonNode read(MockHttpServletRequestBuilder request) throws Exception {
        String body = mvc.perform(request).andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        return json.readTree(body);
    }

    private static JsonNode item(JsonNode page, long id) {
        for (JsonNode item : page.get("items")) {
            if (item.get("id").asLong() == id) {
                return item;
            }
        }
        throw new AssertionError("no row " + id + " on the page");
    }

    private OffsetDateTime occurredAt(long id) {
        return jdbc.sql("SELECT occurred_at FROM audit_log WHERE id = :id").param("id", id)
                .query(OffsetDateTime.class).single();
    }

    /** The ids on the page, leaving out the auditors' own audited queries (which concern the case they asked about). */
    private static List<Long> ids(JsonNode page) {
        List<Long> ids = new ArrayList<>();
        page.get("items").forEach(item -> {
            if (!"audit_log".equals(item.get("resourceType").asText())) {
                ids.add(item.get("id").asLong());
            }
        });
        return ids;
    }

    private UUID insertCase(String tenant) {
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                INSERT INTO case_file (id, case_type, process_id, process_version, tenant, status, trigger_date,
                                       opened_at)
                VALUES (:id, 'LADO_ALLEGATION', 'lado', 'LADO-1', :tenant, 'OPEN', current_date, now())
                """).param("id", id).param("tenant", tenant).update();
        return id;
    }

    static Identity identity(String subject, Set<Role> roles, Set<String> tenants) {
        return new Identity(Identity.Kind.PERSON, subject, "auditor-web", roles, Set.of(), tenants);
    }
}
