package org.opensafeguarding.reporting.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.opensafeguarding.reporting.ReportingApplication;
import org.opensafeguarding.reporting.support.CaseEvents;
import org.opensafeguarding.reporting.support.ReportingStack;
import org.opensafeguarding.reporting.support.TestClock;
import org.opensafeguarding.testkit.TestIdentity;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The report API over projections fed through the broker: figures, CSV, access by role, team and tenant, and
 * suppression for publication. "Today" is Tuesday 10 March 2026; the year is April 2025 to March 2026, across
 * the Easter 2025 bank holidays (Good Friday 18, Easter Monday 21 April).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.config.name=" + ReportingApplication.CONFIG_NAME)
@Import(TestClock.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReportsApiTest {

    static String topic;
    static KafkaProducer<String, byte[]> producer;
    static final ObjectMapper JSON = new ObjectMapper();

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        topic = ReportingStack.register(registry, "api");
    }

    @LocalServerPort
    int port;

    private final HttpClient client = HttpClient.newHttpClient();

    @BeforeAll
    void feed() {
        producer = ReportingStack.producer();
        CaseEvents leeds = new CaseEvents("leeds");
        // A: strategy meeting 4 working days after the referral (6 weekdays, two of them Easter bank holidays)
        lado(leeds, "A", d("2025-04-15"), "education", d("2025-04-23"), null, "substantiated", d("2025-07-01"));
        // B: meeting 6 working days after; a breached deadline on a case still open
        CaseEvents.Case b = lado(leeds, "B", d("2025-06-02"), "education", d("2025-06-10"), null, "unsubstantiated", null);
        send(b, b.deadline("set", "L1a", d("2025-06-05"), d("2025-06-02")),
                b.deadline("breached", "L1a", d("2025-06-05"), d("2025-06-06")));
        // C: no meeting, resolved within a month at initial consideration (no outcome meeting, so no outcome event)
        CaseEvents.Case c = lado(leeds, "C", d("2025-07-07"), "sport", null, null, null, d("2025-07-30"));
        send(c, c.decision("lado-resolution", "NFA", "LADO", d("2025-07-29")));
        // D: answered within one working day; resolution target far off
        CaseEvents.Case dd = lado(leeds, "D", d("2026-01-05"), "health", null, d("2026-01-06"), "unsubstantiated", null);
        send(dd, dd.deadline("set", "L8b12", d("2027-01-05"), d("2026-01-05")));
        // E: referred before the year, still open: over 12 months, and overdue
        CaseEvents.Case e = lado(leeds, "E", d("2024-12-02"), "education", null, null, null, null);
        send(e, e.deadline("set", "L8b12", d("2025-12-02"), d("2024-12-02")));
        // a child death with a deadline due in two days: amber
        CaseEvents.Case death = leeds.childDeath("F");
        send(death, death.opened(d("2026-03-09"), "child-death-notification", d("2026-03-08"), "0-27d",
                Map.of("expectedness", "unexpected")), death.deadline("set", "C1", d("2026-03-11"), d("2026-03-09")));
        // another partnership's overdue deadline, never shown to Leeds
        CaseEvents york = new CaseEvents("york");
        CaseEvents.Case y = york.lado("Y");
        send(y, y.opened(d("2025-05-01"), "lado-allegation", d("2025-05-01"), "5-9y", Map.of("setting", "education")),
                y.deadline("set", "L1", d("2025-05-02"), d("2025-05-01")));
        ReportingStack.awaitConsumed(topic, "reporting-" + topic);
    }

    @AfterAll
    void close() {
        producer.close();
    }

    private CaseEvents.Case lado(CaseEvents events, String name, LocalDate referral, String setting, LocalDate meeting,
                                 LocalDate answered, String finding, LocalDate closed) {
        CaseEvents.Case c = events.lado(name);
        List<byte[]> values = new ArrayList<>();
        values.add(c.opened(referral, "lado-allegation", referral, "10-14y", Map.of("setting", setting,
                "abuseCategory", "physical", "referralSource", "employer-dsl")));
        if (answered != null) {
            values.add(c.task("created", name + "-ic", "InitialConsideration", referral, null));
            values.add(c.task("completed", name + "-ic", "InitialConsideration", answered, null));
        }
        if (meeting != null) {
            values.add(c.task("created", name + "-pot", "PotMeeting", referral, null));
            values.add(c.task("completed", name + "-pot", "PotMeeting", meeting, null));
        }
        if (finding != null) {
            values.add(c.outcome("kcsie-finding", finding, closed != null ? closed : referral.plusDays(20)));
        }
        if (closed != null) {
            values.add(c.closed(closed));
        }
        ReportingStack.send(producer, topic, c.pseudonym, values);
        return c;
    }

    private static void send(CaseEvents.Case c, byte[]... values) {
        ReportingStack.send(producer, topic, c.pseudonym, List.of(values));
    }

    private static LocalDate d(String day) {
        return LocalDate.parse(day);
    }

    private HttpResponse<String> get(String path, String role, String tenant, String accept) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET();
        if (role != null) {
            request.header("Authorization", "Bearer " + TestIdentity.shared().userToken("api-" + role.toLowerCase(),
                    Set.of(role), Set.of(), Set.of(tenant)));
        }
        if (accept != null) {
            request.header("Accept", accept);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode json(String path, String role) throws Exception {
        HttpResponse<String> response = get(path, role, "leeds", null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static Map<String, JsonNode> metrics(JsonNode table) {
        Map<String, JsonNode> out = new HashMap<>();
        table.path("rows").forEach(r -> out.put(r.path("metric").asText() + "/" + r.path("breakdown").asText(), r));
        return out;
    }

    @Test
    void theLadoYearCountsEveryFigureInWorkingDaysAcrossTheBankHoliday() throws Exception {
        Map<String, JsonNode> m = metrics(json("/api/reports/annual/lado?year=2025", "PARTNERSHIP_MANAGER"));

        assertThat(m.get("lado.referrals/total").path("count").asLong()).isEqualTo(4);
        assertThat(m.get("lado.referrals.by-setting/education").path("count").asLong()).isEqualTo(2);
        assertThat(m.get("lado.referrals.by-setting/sport").path("count").asLong()).isEqualTo(1);
        assertThat(m.get("lado.strategy-meeting.held/total").path("percent").asDouble()).isEqualTo(50.0);
        // A is within 5 working days only because Good Friday and Easter Monday are not working days
        assertThat(m.get("lado.strategy-meeting.within-5-working-days/total").path("count").asLong()).isEqualTo(1);
        assertThat(m.get("lado.strategy-meeting.within-5-working-days/total").path("base").asLong()).isEqualTo(2);
        assertThat(m.get("lado.strategy-meeting.working-days-from-referral/total").path("median").asDouble())
                .isEqualTo(5.0);
        assertThat(m.get("lado.initial-response.within-1-working-day/total").path("percent").asDouble())
                .isEqualTo(100.0);
        assertThat(m.get("lado.resolved-within-1-months/total").path("count").asLong()).isEqualTo(1);
        assertThat(m.get("lado.resolved-within-3-months/total").path("count").asLong()).isEqualTo(2);
        assertThat(m.get("lado.outcome.kcsie-finding/unsubstantiated").path("count").asLong()).isEqualTo(2);
        assertThat(m.get("lado.outcome.kcsie-finding/substantiated").path("count").asLong()).isEqualTo(1);
        // the disposal of a case resolved at initial consideration is its resolution decision
        assertThat(m.get("lado.outcome.disposal/NFA").path("count").asLong()).isEqualTo(1);
        assertThat(m.get("lado.outcome.disposal/total").path("count").asLong()).isEqualTo(1);
        assertThat(m.get("lado.open-over-12-months/total").path("count").asLong()).isEqualTo(1);
        assertThat(m.get("lado.timescale-met/L1a").path("percent").asDouble()).isEqualTo(0.0);
    }

    @Test
    void stageDurationsGiveMedianAndP90InWorkingDays() throws Exception {
        JsonNode rows = json("/api/reports/stages?year=2025&period=all&taskType=PotMeeting", "LADO_MANAGER")
                .path("rows");
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).path("completed").asLong()).isEqualTo(2);
        assertThat(rows.get(0).path("medianWorkingDays").asDouble()).isEqualTo(5.0);
        assertThat(rows.get(0).path("p90WorkingDays").asDouble()).isEqualTo(5.8);
    }

    @Test
    void deadlinesAreRedAmberGreenTodayAndOnlyTheCallersTenantAndTeam() throws Exception {
        JsonNode overdue = json("/api/reports/deadlines?status=overdue", "PARTNERSHIP_MANAGER").path("rows");
        assertThat(overdue).extracting(r -> r.path("timescale").asText()).containsExactly("L1a", "L8b12");
        assertThat(overdue.get(0).path("state").asText()).isEqualTo("BREACHED");
        JsonNode due = json("/api/reports/deadlines?status=due", "AUDITOR").path("rows");
        assertThat(due).extracting(r -> r.path("timescale").asText()).containsExactly("C1");

        // a team manager sees their own team only, and is refused another's by name
        JsonNode lado = json("/api/reports/deadlines", "LADO_MANAGER").path("rows");
        assertThat(lado).extracting(r -> r.path("team").asText()).containsOnly("LADO");
        HttpResponse<String> other = get("/api/reports/deadlines?caseType=CHILD_DEATH", "LADO_MANAGER", "leeds", null);
        assertThat(other.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(other.body()).path("field").asText()).isEqualTo("caseType");
        assertThat(JSON.readTree(other.body()).path("rule").asText()).isEqualTo("case-type-allowed");

        JsonNode summary = json("/api/reports/deadlines/summary", "PARTNERSHIP_MANAGER").path("rows");
        assertThat(summary).extracting(r -> r.path("caseType").asText() + " " + r.path("timescale").asText() + " "
                        + r.path("green").asLong() + r.path("amber").asLong() + r.path("red").asLong())
                .containsExactly("CHILD_DEATH C1 010", "LADO_ALLEGATION L1a 001", "LADO_ALLEGATION L8b12 101");
    }

    @Test
    void callersAreHeldToTheirRoleAndTenant() throws Exception {
        assertThat(get("/api/reports/deadlines", "LADO_OFFICER", "leeds", null).statusCode()).isEqualTo(403);
        assertThat(get("/api/reports/annual/cdop", "CDOP_COORDINATOR", "leeds", null).statusCode()).isEqualTo(403);
        assertThat(get("/api/reports/annual/cdop", "LADO_MANAGER", "leeds", null).statusCode()).isEqualTo(403);
        assertThat(get("/api/reports/deadlines", null, null, null).statusCode()).isEqualTo(401);
        HttpResponse<String> foreign = get("/api/reports/deadlines?tenant=leeds", "PARTNERSHIP_MANAGER", "york", null);
        assertThat(foreign.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(foreign.body()).path("rule").asText()).isEqualTo("tenant-allowed");
        JsonNode york = JSON.readTree(get("/api/reports/deadlines?status=all", "PARTNERSHIP_MANAGER", "york", null).body());
        assertThat(york.path("rows")).hasSize(1);
        HttpResponse<String> bad = get("/api/reports/annual/lado?from=2025-13-01&to=2026-01-01", "AUDITOR", "leeds", null);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(bad.body()).path("field").asText()).isEqualTo("from");
        assertThat(JSON.readTree(bad.body()).path("rule").asText()).isEqualTo("format");
    }

    @Test
    void csvIsRfc4180AndSaysWhatTheJsonSays() throws Exception {
        HttpResponse<String> csv = get("/api/reports/annual/lado?year=2025", "AUDITOR", "leeds", "text/csv");
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
        assertThat(csv.body()).contains("\r\n").doesNotContain("\n\n");
        assertThat(csv.body().replace("\r\n", "")).doesNotContain("\n");
        List<CSVRecord> records;
        try (CSVParser parser = CSVParser.parse(new StringReader(csv.body()),
                CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get())) {
            assertThat(parser.getHeaderNames()).containsExactly("metric", "breakdown", "count", "base", "percent",
                    "median", "mean");
            records = parser.getRecords();
        }
        JsonNode json = json("/api/reports/annual/lado?year=2025", "AUDITOR").path("rows");
        assertThat(records).hasSize(json.size());
        for (int i = 0; i < records.size(); i++) {
            assertThat(records.get(i).get("metric")).isEqualTo(json.get(i).path("metric").asText());
            assertThat(records.get(i).get("count")).isEqualTo(json.get(i).path("count").isNull() ? ""
                    : json.get(i).path("count").asText());
        }
        assertThat(get("/api/reports/deadlines?format=csv", "AUDITOR", "leeds", null).body())
                .startsWith("case,team,caseType,timescale,dueOn,state,rag,workingDaysEarly,closedOn\r\n");
    }

    @Test
    void aTableForPublicationHidesSmallNumbersAndWhatWouldGiveThemAway() throws Exception {
        JsonNode published = json("/api/reports/annual/lado?year=2025&publication=true", "PARTNERSHIP_MANAGER");
        assertThat(published.path("suppression").asText()).contains("<5");
        Map<String, JsonNode> m = metrics(published);
        assertThat(m.get("lado.referrals/total").path("count").asText()).isEqualTo("<5");
        assertThat(m.get("lado.strategy-meeting.held/total").path("percent").asText()).isEqualTo("[c]");
        published.path("rows").forEach(r -> {
            assertThat(r.path("count").isNumber() && r.path("count").asLong() < 5).as(r.toString()).isFalse();
            assertThat(r.path("base").isNumber() && r.path("base").asLong() < 5).as(r.toString()).isFalse();
        });
        HttpResponse<String> list = get("/api/reports/deadlines?publication=true", "AUDITOR", "leeds", null);
        assertThat(list.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(list.body()).path("rule").asText()).isEqualTo("aggregate-only");
    }
}
