package org.opensafeguarding.workflow.history;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.opensafeguarding.workflow.WorkflowApplication;
import org.opensafeguarding.workflow.casefile.CaseId;
import org.opensafeguarding.workflow.pseudonym.Pseudonymiser;
import org.opensafeguarding.workflow.support.CaseEventSchema;
import org.opensafeguarding.workflow.support.KafkaTestClient;
import org.opensafeguarding.workflow.support.OutboundPrivacy;
import org.opensafeguarding.workflow.support.TestCallers;
import org.opensafeguarding.workflow.support.TestInfrastructure;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The history import end to end (docs/import.md): real PostgreSQL, the in-process Kafka broker, real tokens from the
 * test identity provider, the API and the operator command.
 */
@SpringBootTest(classes = WorkflowApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.config.name=" + WorkflowApplication.CONFIG_NAME)
@DirtiesContext
class HistoryImportTest {

    static TestInfrastructure.Topics topics;
    static final KafkaTestClient kafka = new KafkaTestClient();
    static final ObjectMapper JSON = new ObjectMapper();

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        topics = TestInfrastructure.register(registry);
    }

    @AfterAll
    static void close() {
        kafka.close();
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Pseudonymiser pseudonyms;

    @Autowired
    Environment environment;

    private final HttpClient http = HttpClient.newHttpClient();

    private static String manager() {
        return TestCallers.person("history-manager", Set.of("PARTNERSHIP_MANAGER"), Set.of(), Set.of(TestCallers.TENANT));
    }

    @Test
    void fiveHundredHistoricalRowsBecomeClosedCasesWithTheirOwnDatesAndImportedEvents() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 6);
        List<Map<String, String>> lado = ladoRows(run, 300);
        List<Map<String, String>> deaths = childDeathRows(run, 100);
        List<Map<String, String>> reviews = reviewRows(run, 100);
        long enginesBefore = count("SELECT count(*) FROM engine_command");

        for (var file : List.of(Map.entry("lado-allegation", lado), Map.entry("child-death", deaths),
                Map.entry("case-review", reviews))) {
            HttpResponse<String> answer = post(file.getKey(), csv(file.getValue()), manager(), "");
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
            JsonNode body = JSON.readTree(answer.body());
            assertThat(body.path("imported").asInt()).isEqualTo(file.getValue().size());
            assertThat(body.path("skipped").asInt()).isZero();
        }

        List<Map<String, String>> all = new ArrayList<>(lado);
        all.addAll(deaths);
        all.addAll(reviews);
        Map<String, CaseId> caseOf = new HashMap<>();
        jdbc.sql("SELECT source_reference, case_id FROM case_import WHERE source_reference LIKE :run")
                .param("run", "%" + run + "%")
                .query((rs, n) -> Map.entry(rs.getString(1), new CaseId(rs.getObject(2, UUID.class))))
                .list().forEach(e -> caseOf.put(e.getKey(), e.getValue()));
        assertThat(caseOf).hasSize(500);
        assertThat(count("SELECT count(*) FROM engine_command")).as("no process instance is started").isEqualTo(enginesBefore);

        // each case is closed, on its own dates, with no engine instance
        for (Map<String, String> row : lado) {
            Map<String, Object> c = caseRow(caseOf.get(row.get("source_reference")));
            assertThat(c.get("status")).isEqualTo("CLOSED");
            assertThat(c.get("process_instance_key")).isNull();
            assertThat(c.get("trigger_date").toString()).isEqualTo(row.get("received_date"));
            assertThat(c.get("opened_on").toString()).isEqualTo(row.get("received_date"));
            assertThat(c.get("closed_on").toString()).isEqualTo(row.get("closure_date"));
            assertThat(c.get("process_version")).isEqualTo(LocalDate.parse(row.get("received_date"))
                    .isBefore(LocalDate.of(2019, 9, 29)) ? "LADO-WT2013" : "LADO-WT2018");
        }
        for (Map<String, String> row : reviews) {
            Map<String, Object> c = caseRow(caseOf.get(row.get("source_reference")));
            assertThat(c.get("process_version")).isEqualTo(LocalDate.parse(row.get("incident_date"))
                    .isBefore(LocalDate.of(2019, 9, 29)) ? "SCR-WT2013" : "CSPR-WT2018");
            assertThat(c.get("closed_on").toString()).isEqualTo(row.get("closure_date"));
        }
        // the meeting deadline is judged from the row's dates: met two days after the referral, breached fifteen after
        long meetingsMet = lado.stream().filter(r -> "2".equals(r.get("_meetingOffset"))).count();
        long meetingsLate = lado.stream().filter(r -> "15".equals(r.get("_meetingOffset"))).count();
        assertThat(meetingsMet).isPositive();
        assertThat(meetingsLate).isPositive();
        assertThat(deadlines(run, "MET")).isEqualTo(meetingsMet);
        assertThat(deadlines(run, "BREACHED")).isEqualTo(meetingsLate);

        // every event reaches the topic, marked imported, dated by the row, clean and valid
        Map<String, Map<String, String>> rowOfPseudonym = new HashMap<>();
        all.forEach(r -> rowOfPseudonym.put(pseudonyms.of(caseOf.get(r.get("source_reference"))), r));
        long expected = count("SELECT count(*) FROM outbox_event o JOIN case_import i ON i.case_id = o.case_id "
                + "WHERE i.source_reference LIKE '%" + run + "%'");
        assertThat(expected).isGreaterThan(500 * 3);
        List<String> sensitive = new ArrayList<>(caseOf.keySet());
        caseOf.values().forEach(id -> sensitive.add(id.toString()));
        Map<String, List<JsonNode>> eventsOf = new HashMap<>();
        try (KafkaTestClient.Reader reader = kafka.read(topics.caseEvents())) {
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> reader.records().stream()
                    .filter(r -> rowOfPseudonym.containsKey(r.key())).count() >= expected);
            for (ConsumerRecord<String, byte[]> record : reader.records()) {
                if (!rowOfPseudonym.containsKey(record.key())) {
                    continue;
                }
                List<String> problems = OutboundPrivacy.problems(record.key(), record.value(), Map.of(), sensitive);
                if (!problems.isEmpty()) {
                    fail("imported event leaks: " + problems + " in " + new String(record.value(), StandardCharsets.UTF_8));
                }
                JsonNode event = JSON.readTree(record.value());
                assertThat(CaseEventSchema.violations(event)).as("schema of %s", event).isEmpty();
                assertThat(event.path("imported").asBoolean()).as("marked imported: %s", event).isTrue();
                eventsOf.computeIfAbsent(record.key(), k -> new ArrayList<>()).add(event);
            }
        }
        assertThat(eventsOf).hasSize(500);
        Set<String> types = new HashSet<>();
        eventsOf.forEach((pseudonym, events) -> {
            Map<String, String> row = rowOfPseudonym.get(pseudonym);
            JsonNode first = events.get(0);
            JsonNode last = events.get(events.size() - 1);
            assertThat(first.path("type").asText()).isEqualTo("org.opensafeguarding.case.opened");
            assertThat(first.at("/data/channel").asText()).isEqualTo("IMPORT");
            assertThat(first.at("/data/occurredOn").asText()).isEqualTo(row.get("_openedOn"));
            assertThat(last.path("type").asText()).isEqualTo("org.opensafeguarding.case.closed");
            assertThat(last.at("/data/occurredOn").asText()).isEqualTo(row.get("_closedOn"));
            String previous = "";
            for (int i = 0; i < events.size(); i++) {
                JsonNode e = events.get(i);
                assertThat(e.path("sequence").asText()).isEqualTo(Integer.toString(i + 1));
                String day = e.at("/data/occurredOn").asText();
                assertThat(day).as("events in date order").isGreaterThanOrEqualTo(previous);
                previous = day;
                types.add(e.path("type").asText());
            }
        });
        assertThat(types).contains("org.opensafeguarding.case.decision.recorded", "org.opensafeguarding.case.outcome.recorded",
                "org.opensafeguarding.case.deadline.set", "org.opensafeguarding.case.deadline.met",
                "org.opensafeguarding.case.deadline.breached", "org.opensafeguarding.case.notice.sent");
    }

    @Test
    void aFileWithBadRowsImportsNothingAndNamesEachBadLineAndColumn() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 6);
        List<Map<String, String>> rows = ladoRows(run, 11);
        rows.get(1).put("received_date", "2013-02-30");                      // line 3
        rows.get(2).put("setting", "Greenfield Primary School");             // line 4
        rows.get(3).put("closure_date", "2008-06-01");                       // line 5: before the floor
        rows.get(4).put("tenant", TestCallers.OTHER_TENANT);                 // line 6
        rows.get(5).put("finding", "UNFOUNDED");                             // line 7: KCSIE-2016 (2012) has none
        rows.get(6).put("strategy_meeting_date", "2099-01-01");              // line 8
        rows.get(7).put("source_reference", rows.get(0).get("source_reference")); // line 9
        rows.get(8).put("referral_source", "pol\u0000ice");                  // line 10
        rows.get(9).put("abuse_category", "");                               // line 11
        rows.get(10).put("children_count", "lots");                          // line 12
        long casesBefore = count("SELECT count(*) FROM case_file");
        long eventsBefore = count("SELECT count(*) FROM outbox_event");

        HttpResponse<String> answer = post("lado-allegation", csv(rows), manager(), "");

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
        assertThat(answer.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        JsonNode problem = JSON.readTree(answer.body());
        assertThat(problem.path("code").asText()).isEqualTo("invalid-import");
        List<String> found = new ArrayList<>();
        problem.path("errors").forEach(e -> found.add(e.path("line").asLong() + " " + e.path("column").asText() + " "
                + e.path("rule").asText()));
        assertThat(found).containsExactlyInAnyOrder(
                "3 received_date date",
                "4 setting allowed-code",
                "5 closure_date date-floor",
                "6 tenant tenant-allowed",
                "7 finding allowed-code",
                "8 strategy_meeting_date not-future",
                "9 source_reference unique-reference",
                "10 referral_source no-control-characters",
                "11 abuse_category required",
                "12 children_count integer-range");
        assertThat(answer.body()).doesNotContain("Greenfield", "2013-02-30", "2099-01-01", "lots", TestCallers.OTHER_TENANT);
        assertThat(count("SELECT count(*) FROM case_file")).as("nothing imported").isEqualTo(casesBefore);
        assertThat(count("SELECT count(*) FROM outbox_event")).isEqualTo(eventsBefore);
        assertThat(count("SELECT count(*) FROM audit_log WHERE action = 'REFUSED' AND resource_type = 'history-import'"))
                .isPositive();

        // a date order fault inside the calendar's range is named as such
        List<Map<String, String>> one = ladoRows(run + "b", 1);
        one.get(0).put("closure_date", "2010-06-01");
        JsonNode order = JSON.readTree(post("lado-allegation", csv(one), manager(), "").body());
        assertThat(order.at("/errors/0/column").asText()).isEqualTo("closure_date");
        assertThat(order.at("/errors/0/rule").asText()).isEqualTo("date-order");
    }

    @Test
    void importingTheSameFileAgainChangesNothingAndADryRunWritesNothing() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 6);
        byte[] file = csv(reviewRows(run, 20));
        HttpResponse<String> dry = post("case-review", file, manager(), "?dryRun=true");
        assertThat(dry.statusCode()).as(dry.body()).isEqualTo(200);
        assertThat(JSON.readTree(dry.body()).path("imported").asInt()).isEqualTo(20);
        assertThat(imported(run)).isZero();

        assertThat(post("case-review", file, manager(), "").statusCode()).isEqualTo(201);
        long cases = count("SELECT count(*) FROM case_file");
        long events = count("SELECT count(*) FROM outbox_event");

        HttpResponse<String> again = post("case-review", file, manager(), "");
        assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
        JsonNode body = JSON.readTree(again.body());
        assertThat(body.path("imported").asInt()).isZero();
        assertThat(body.path("skipped").asInt()).isEqualTo(20);
        assertThat(count("SELECT count(*) FROM case_file")).isEqualTo(cases);
        assertThat(count("SELECT count(*) FROM outbox_event")).isEqualTo(events);
        assertThat(imported(run)).isEqualTo(20);

        // the same reference with other values is refused, not silently skipped or overwritten
        List<Map<String, String>> changed = reviewRows(run, 1);
        changed.get(0).put("incident_outcome", "death".equals(changed.get(0).get("incident_outcome")) ? "serious-harm" : "death");
        JsonNode refused = JSON.readTree(post("case-review", csv(changed), manager(), "").body());
        assertThat(refused.at("/errors/0/rule").asText()).isEqualTo("imported-differently");
    }

    @Test
    void onlyAPartnershipManagerMayImport() throws Exception {
        byte[] file = csv(childDeathRows(UUID.randomUUID().toString().substring(0, 6), 1));
        String cdop = TestCallers.caseworker("cdop-coordinator");
        assertThat(post("child-death", file, cdop, "").statusCode()).isEqualTo(403);
        assertThat(post("child-death", file, manager(), "?tenant=" + TestCallers.OTHER_TENANT).statusCode()).isEqualTo(403);
        assertThat(count("SELECT count(*) FROM audit_log WHERE actor = 'user:history-manager' AND action = 'DENIED' "
                + "AND resource_type = 'history-import'")).isEqualTo(1);
        assertThat(post("not-a-type", file, manager(), "").statusCode()).isEqualTo(404);
    }

    @Test
    void theOperatorCommandImportsRepeatsNothingAndRefusesABadFile() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 6);
        Path file = Files.createTempFile("child-deaths", ".csv");
        Files.write(file, csv(childDeathRows(run, 25)));
        List<String> base = List.of("--type=child-death", "--tenant=" + TestCallers.TENANT, "--operator=ops1",
                "--spring.datasource.url=" + environment.getProperty("spring.datasource.url"),
                "--spring.datasource.username=" + environment.getProperty("spring.datasource.username"),
                "--spring.datasource.password=" + environment.getProperty("spring.datasource.password", ""));

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = HistoryImportCommand.run(with(base, "--file=" + file), new PrintStream(out), System.err);
        assertThat(code).as(out.toString()).isZero();
        assertThat(JSON.readTree(out.toString()).path("imported").asInt()).isEqualTo(25);
        assertThat(imported(run)).isEqualTo(25);
        assertThat(count("SELECT count(*) FROM audit_log WHERE actor = 'command:history-import:ops1' AND action = 'CREATE'"))
                .isEqualTo(26);

        out.reset();
        assertThat(HistoryImportCommand.run(with(base, "--file=" + file), new PrintStream(out), System.err)).isZero();
        assertThat(JSON.readTree(out.toString()).path("skipped").asInt()).isEqualTo(25);
        assertThat(imported(run)).isEqualTo(25);

        List<Map<String, String>> bad = childDeathRows(run + "x", 3);
        bad.get(1).put("category_of_death", "11");
        bad.get(2).put("notification_date", "2011-01-01");
        Files.write(file, csv(bad));
        out.reset();
        assertThat(HistoryImportCommand.run(with(base, "--file=" + file), new PrintStream(out), System.err)).isEqualTo(1);
        JsonNode faults = JSON.readTree(out.toString());
        assertThat(faults.path("faults").asInt()).isEqualTo(2);
        assertThat(faults.at("/errors/0/line").asLong()).isEqualTo(3);
        assertThat(faults.at("/errors/0/column").asText()).isEqualTo("category_of_death");
        assertThat(faults.at("/errors/1/line").asLong()).isEqualTo(4);
        assertThat(imported(run + "x")).isZero();
    }

    @Test
    void theDocumentedExampleFilesImportAndTheirDeadlinesAreJudgedByTheCalendar() throws Exception {
        for (String type : List.of("lado-allegation", "child-death", "case-review")) {
            byte[] example = Files.readAllBytes(Path.of("../../docs/import/" + type + ".csv"));
            HttpResponse<String> answer = post(type, example, manager(), "");
            assertThat(answer.statusCode()).as(type + ": " + answer.body()).isEqualTo(201);
        }
        // 19 Dec 2019: five working days end on 30 Dec (Christmas and Boxing Day are bank holidays); 6 Jan is late
        assertThat(deadlineOf("LADO-2019-0107", "L2b")).isEqualTo("BREACHED");
        // urgent: the meeting two days after the initial consideration is inside 72 hours
        assertThat(deadlineOf("LADO-2016-0001", "L2a")).isEqualTo("MET");
        assertThat(deadlineOf("SCR-2017-01", "T3")).isEqualTo("BREACHED");
        assertThat(deadlineOf("SCR-2015-02", "T3")).isEqualTo("MET");
        assertThat(deadlineOf("CSPR-2020-04", "R1")).isEqualTo("MET");
        assertThat(deadlineOf("CSPR-2020-04", "R2")).isEqualTo("MET");
        assertThat(deadlineOf("CSPR-2020-04", "R3")).isEqualTo("BREACHED");
        assertThat(jdbc.sql("""
                SELECT l.finding FROM lado_case l JOIN case_import i ON i.case_id = l.case_id
                WHERE i.source_reference = 'LADO-2021-0230'
                """).query(String.class).single()).isEqualTo("UNFOUNDED");
    }

    private String deadlineOf(String reference, String timescale) {
        return jdbc.sql("""
                SELECT d.status FROM case_deadline d JOIN case_import i ON i.case_id = d.case_id
                WHERE i.source_reference = :reference AND d.timescale_id = :timescale
                """).param("reference", reference).param("timescale", timescale).query(String.class).single();
    }

    // --- generated synthetic history ---

    /** LADO rows from 2012 on, one a week; every other one with a strategy meeting, on time or late. */
    static List<Map<String, String>> ladoRows(String run, int n) {
        List<Map<String, String>> rows = new ArrayList<>();
        String[] sources = {"employer-dsl", "police", "childrens-social-care", "parent-carer", "ofsted"};
        String[] settings = {"education", "early-years", "foster-care", "health", "sport-leisure"};
        String[] abuse = {"physical", "sexual", "emotional", "neglect"};
        String[] findings = {"SUBSTANTIATED", "UNSUBSTANTIATED", "FALSE", "MALICIOUS"};
        for (int i = 0; i < n; i++) {
            LocalDate received = LocalDate.of(2012, 1, 2).plusDays(7L * i);
            boolean urgent = i % 5 == 0;
            Map<String, String> r = new java.util.LinkedHashMap<>();
            r.put("source_reference", "LADO/" + run + "/" + i);
            r.put("tenant", TestCallers.TENANT);
            r.put("received_date", received.toString());
            r.put("referral_source", sources[i % sources.length]);
            r.put("setting", settings[i % settings.length]);
            r.put("abuse_category", abuse[i % abuse.length]);
            r.put("harm_test_limbs", i % 3 == 0 ? "harmed-child;criminal-offence" : "risk-of-harm");
            r.put("urgent", Boolean.toString(urgent));
            r.put("children_count", Integer.toString(1 + i % 3));
            r.put("child_age", Integer.toString(i % 18));
            r.put("initial_consideration_date", received.plusDays(1).toString());
            r.put("route", i % 2 == 0 ? "MEETING" : "ADVICE");
            String meetingOffset = i % 2 != 0 ? "" : i % 4 == 0 ? "2" : "15";
            r.put("_meetingOffset", meetingOffset);
            r.put("strategy_meeting_date", meetingOffset.isEmpty() ? "" : received.plusDays(Long.parseLong(meetingOffset)).toString());
            r.put("finding", findings[i % findings.length]);
            r.put("disposal", i % 3 == 0 ? "EMPLOYER_ACTION" : "");
            r.put("referred_dbs", Boolean.toString(i % 4 == 0));
            LocalDate closed = received.plusDays(20 + i % 400);
            r.put("outcome_date", closed.minusDays(3).toString());
            r.put("closure_date", closed.toString());
            r.put("_openedOn", received.toString());
            r.put("_closedOn", closed.toString());
            rows.add(r);
        }
        return rows;
    }

    static List<Map<String, String>> childDeathRows(String run, int n) {
        List<Map<String, String>> rows = new ArrayList<>();
        String[] expectedness = {"expected", "unexpected", "unknown"};
        String[] bands = {"0-27d", "28-364d", "1-4y", "5-9y", "10-14y", "15-17y"};
        String[] factors = {"IDENTIFIED", "NOT_IDENTIFIED", "INSUFFICIENT_INFORMATION"};
        for (int i = 0; i < n; i++) {
            LocalDate death = LocalDate.of(2013, 3, 1).plusDays(30L * i);
            LocalDate notified = death.plusDays(1 + i % 3);
            LocalDate reviewed = notified.plusDays(90 + i % 200);
            Map<String, String> r = new java.util.LinkedHashMap<>();
            r.put("source_reference", "CDOP-" + run + "-" + i);
            r.put("tenant", TestCallers.TENANT);
            r.put("date_of_death", death.toString());
            r.put("notification_date", notified.toString());
            r.put("expectedness", expectedness[i % 3]);
            r.put("location", i % 2 == 0 ? "hospital" : "home");
            r.put("sex", i % 2 == 0 ? "female" : "male");
            r.put("age_band", bands[i % bands.length]);
            r.put("local_authority_of_residence", "E08000035");
            r.put("looked_after", Boolean.toString(i % 7 == 0));
            r.put("cdop_review_date", reviewed.toString());
            r.put("category_of_death", Integer.toString(1 + i % 10));
            r.put("modifiable_factors", factors[i % 3]);
            r.put("_openedOn", notified.toString());
            r.put("_closedOn", reviewed.toString());
            rows.add(r);
        }
        return rows;
    }

    /** Reviews across the 2019 transition: SCRs before it, practice reviews (with SIN and rapid review) after. */
    static List<Map<String, String>> reviewRows(String run, int n) {
        List<Map<String, String>> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            LocalDate incident = LocalDate.of(2014, 1, 6).plusDays(37L * i);
            boolean scr = incident.isBefore(LocalDate.of(2019, 9, 29));
            LocalDate aware = incident.plusDays(1);
            LocalDate referral = incident.plusDays(3);
            Map<String, String> r = new java.util.LinkedHashMap<>();
            r.put("source_reference", "REV-" + run + "-" + i);
            r.put("tenant", TestCallers.TENANT);
            r.put("incident_date", incident.toString());
            r.put("la_aware_date", aware.toString());
            r.put("referral_date", referral.toString());
            r.put("incident_outcome", i % 2 == 0 ? "death" : "serious-harm");
            r.put("abuse_or_neglect_suspected", "true");
            r.put("age_band", "1-4y");
            LocalDate decided;
            if (scr) {
                decided = referral.plusDays(i % 2 == 0 ? 20 : 45);
                r.put("decision", i % 3 == 0 ? "SCR_INITIATED" : "SCR_NOT_INITIATED_CRITERIA_NOT_MET");
            } else {
                LocalDate sin = aware.plusDays(i % 2 == 0 ? 3 : 10);
                LocalDate rr = sin.plusDays(i % 3 == 0 ? 18 : 28);
                r.put("sin_submitted_date", sin.toString());
                r.put("rapid_review_sent_date", rr.toString());
                decided = rr.plusDays(10);
                r.put("decision", i % 2 == 0 ? "COMMISSION_LCSPR" : "NO_REVIEW");
            }
            r.put("decision_date", decided.toString());
            LocalDate closed = decided.plusDays(200);
            if (r.get("decision").equals("COMMISSION_LCSPR") || r.get("decision").equals("SCR_INITIATED")) {
                r.put("publication", scr ? "PUBLISH_FULL" : "PUBLISH");
                r.put("publication_date", decided.plusDays(150).toString());
            }
            r.put("closure_date", closed.toString());
            r.put("_openedOn", referral.toString());
            r.put("_closedOn", closed.toString());
            rows.add(r);
        }
        return rows;
    }

    /** RFC 4180: quoted where needed, CRLF line ends; columns starting with _ are the test's own notes. */
    static byte[] csv(List<Map<String, String>> rows) {
        List<String> columns = new ArrayList<>();
        rows.forEach(r -> r.keySet().forEach(k -> {
            if (!k.startsWith("_") && !columns.contains(k)) {
                columns.add(k);
            }
        }));
        StringBuilder out = new StringBuilder(String.join(",", columns)).append("\r\n");
        for (Map<String, String> r : rows) {
            List<String> cells = new ArrayList<>();
            for (String c : columns) {
                String v = r.getOrDefault(c, "");
                cells.add(v.contains(",") || v.contains("\"") ? "\"" + v.replace("\"", "\"\"") + "\"" : v);
            }
            out.append(String.join(",", cells)).append("\r\n");
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private HttpResponse<String> post(String type, byte[] body, String authorization, String query) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/imports/" + type + query))
                .header("Content-Type", "text/csv").header("Authorization", authorization)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private long count(String sql) {
        return jdbc.sql(sql).query(Long.class).single();
    }

    private long imported(String run) {
        return jdbc.sql("SELECT count(*) FROM case_import WHERE source_reference LIKE :run")
                .param("run", "%-" + run + "-%").query(Long.class).single();
    }

    private long deadlines(String run, String status) {
        return jdbc.sql("""
                SELECT count(*) FROM case_deadline d JOIN case_import i ON i.case_id = d.case_id
                WHERE i.source_reference LIKE :run AND d.timescale_id IN ('L2a', 'L2b') AND d.status = :status
                """).param("run", "LADO/" + run + "/%").param("status", status).query(Long.class).single();
    }

    private Map<String, Object> caseRow(CaseId id) {
        return jdbc.sql("""
                SELECT status, process_instance_key, trigger_date, process_version,
                       (opened_at AT TIME ZONE 'Europe/London')::date AS opened_on,
                       (closed_at AT TIME ZONE 'Europe/London')::date AS closed_on
                FROM case_file WHERE id = :id
                """).param("id", id.value()).query().singleRow();
    }

    private static String[] with(List<String> base, String extra) {
        List<String> args = new ArrayList<>(base);
        args.add(extra);
        return args.toArray(String[]::new);
    }
}
