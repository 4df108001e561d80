package org.opensafeguarding.workflow.cases;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.client.api.search.response.UserTask;
import org.junit.jupiter.api.Test;
import org.opensafeguarding.workflow.intake.ReferralKind;
import org.opensafeguarding.workflow.processes.support.LadoSteps;
import org.opensafeguarding.workflow.processes.support.ProcessCase;
import org.opensafeguarding.workflow.processes.support.ProcessHarness;
import org.opensafeguarding.workflow.processes.support.ProcessTestSupport;
import org.opensafeguarding.workflow.support.TestCallers;
import org.opensafeguarding.workflow.support.TestReferrals;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The case API (docs/cases.md) on real LADO cases: the real model, intake, workers, tasklist and engine
 * ({@link ProcessTestSupport}), real tokens. A verbal referral waits for its written follow-up (L1a, 3 working
 * days) while the LADO considers it; the follow-up does not come in time, so the deadline passes and the LADO
 * manager gets an escalation task.
 */
class CaseApiProcessTest extends ProcessTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ZoneId LONDON = ZoneId.of("Europe/London");
    private static final String NARRATIVE = "Pupil disclosed that the teacher grabbed his arm hard enough to bruise "
            + "during a lesson.";
    private static final Pattern CODE_DATE_OR_ID = Pattern.compile(
            "^([A-Za-z0-9][A-Za-z0-9_.:+-]{0,63}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|"
                    + "\\d{4}-\\d{2}-\\d{2}T[0-9:.]+(Z|[+-]\\d{2}:\\d{2}))$");

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aLadoOfficerReadsTheReferralDiagramTimelineAndDeadlinesAndTheManagerSeesWhichDeadlinePassed()
            throws Exception {
        LadoSteps steps = new LadoSteps(harness);
        ProcessCase lado = harness.startCase(ReferralKind.LADO_ALLEGATION, d -> d.put("referralChannel", "verbal"));
        harness.awaitElementActive(lado, "Receive_Written");
        UserTask consideration = harness.awaitUserTask(lado, "InitialConsideration");
        awaitMirrored(consideration.getUserTaskKey());
        harness.awaitQuiet(lado);
        String officer = TestCallers.caseworker("lado");

        // the summary: what the referral says, and the written follow-up the process waits for
        HttpResponse<String> summary = get("/api/cases/" + lado.caseId(), officer);
        assertThat(summary.statusCode()).as(summary.body()).isEqualTo(200);
        JsonNode theCase = JSON.readTree(summary.body());
        assertThat(theCase.path("caseId").asText()).isEqualTo(lado.caseId().toString());
        assertThat(theCase.path("caseType").asText()).isEqualTo("LADO_ALLEGATION");
        assertThat(theCase.path("tenant").asText()).isEqualTo(TestCallers.TENANT);
        assertThat(theCase.path("status").asText()).isEqualTo("OPEN");
        assertThat(theCase.path("regime").asText()).isEqualTo("LADO-WT2018");
        assertThat(theCase.path("restricted").asBoolean()).isFalse();
        assertThat(theCase.at("/referral/kind").asText()).isEqualTo("lado-allegation");
        assertThat(theCase.at("/referral/channel").asText()).isEqualTo("REST");
        assertThat(field(theCase, "allegation.narrative")).isEqualTo(NARRATIVE);
        assertThat(label(theCase, "allegation.narrative")).isEqualTo("Allegation: narrative");
        assertThat(field(theCase, "accused.familyName")).isEqualTo("Quennell");
        assertThat(field(theCase, "children[0].age")).isEqualTo("9");
        assertThat(label(theCase, "children[0].age")).isEqualTo("Children 1: age");
        assertThat(field(theCase, "allegation.harmTestLimbs")).isEqualTo("harmed-child, criminal-offence");
        assertThat(theCase.path("messagesAvailable").asBoolean()).isTrue();
        assertThat(theCase.path("messages")).singleElement().satisfies(m -> {
            assertThat(m.path("messageName").asText()).isEqualTo("lado.written-referral.received");
            assertThat(m.path("label").asText()).isEqualTo("Written referral received");
            assertThat(m.path("formFields")).singleElement().satisfies(f -> {
                assertThat(f.path("key").asText()).isEqualTo("receivedOn");
                assertThat(f.path("label").asText()).isEqualTo("Received on");
                assertThat(f.path("type").asText()).isEqualTo("date");
            });
        });
        assertThat(reads("user:test-lado", lado, "summary")).isEqualTo(1);

        // the diagram: the open task is active with its due date; the start is behind it
        HttpResponse<String> diagram = get("/api/cases/" + lado.caseId() + "/diagram", officer);
        assertThat(diagram.statusCode()).as(diagram.body()).isEqualTo(200);
        JsonNode drawn = JSON.readTree(diagram.body());
        assertThat(drawn.path("processDefinitionId").asText()).isEqualTo("lado-allegation");
        assertThat(drawn.path("processInstanceKey").asText()).isEqualTo(Long.toString(lado.processInstanceKey()));
        assertThat(drawn.path("bpmnXml").asText()).contains("<bpmn:userTask id=\"InitialConsideration\"")
                .contains("bpmndi:BPMNDiagram");
        JsonNode active = drawn.path("activeElements");
        List<JsonNode> considerations = new ArrayList<>();
        active.forEach(a -> {
            if (a.path("elementId").asText().equals("InitialConsideration")) {
                considerations.add(a);
            }
        });
        assertThat(considerations).singleElement().satisfies(a -> {
            assertThat(a.path("taskKey").asText()).isEqualTo(Long.toString(consideration.getUserTaskKey()));
            Instant due = consideration.getDueDate() == null ? null : consideration.getDueDate().toInstant();
            assertThat(due).as("the task has a due date").isNotNull();
            assertThat(Instant.parse(a.path("dueAt").asText())).isEqualTo(due);
            assertThat(a.path("dueDate").asText()).isEqualTo(LocalDate.ofInstant(due, LONDON).toString());
        });
        assertThat(active.findValuesAsText("elementId")).contains("Receive_Written");
        List<String> completed = new ArrayList<>();
        drawn.path("completedElements").forEach(e -> completed.add(e.asText()));
        assertThat(completed).containsExactlyElementsOf(new LinkedHashSet<>(harness.completedElements(lado)));
        assertThat(completed).doesNotContain("InitialConsideration", "Receive_Written");
        assertThat(reads("user:test-lado", lado, "diagram")).isEqualTo(1);

        // the written follow-up does not come in time: L1a passes, the manager is asked to act
        UserTask chase = steps.breach(lado, "dueL1a", "L1a", "Emit_L1a_Receive_Written", "Receive_Written");
        Instant breachedAfter = Instant.parse("2024-03-08T00:00:00Z");
        Map<String, JsonNode> routing = harness.escalationVariables(chase);
        assertThat(routing.get("breachedAt").asText()).startsWith("2024-03-08T00:00:0");
        for (String sensitive : TestReferrals.sensitiveValues(lado.referral().get("data"))) {
            assertThat(routing.values()).noneMatch(v -> v.toString().contains(sensitive));
        }
        routing.forEach((name, value) -> assertThat(value.isNumber() || value.isBoolean()
                || (value.isTextual() && CODE_DATE_OR_ID.matcher(value.asText()).matches()))
                .as("escalation variable %s = %s is a code, a date, an id or a number", name, value).isTrue());

        String manager = TestCallers.caseworker("lado-manager");
        awaitMirrored(chase.getUserTaskKey());
        HttpResponse<String> task = get("/api/tasks/" + chase.getUserTaskKey(), manager);
        assertThat(task.statusCode()).as(task.body()).isEqualTo(200);
        JsonNode escalationTask = JSON.readTree(task.body());
        JsonNode escalation = escalationTask.path("escalation");
        assertThat(escalation.path("caseId").asText()).isEqualTo(lado.caseId().toString());
        assertThat(escalation.path("timescaleId").asText()).isEqualTo("L1a");
        assertThat(escalation.path("label").asText()).isEqualTo(
                "L1a: Written follow-up of a verbal referral to the LADO (3 working days)");
        assertThat(escalation.path("dueDate").asText()).isEqualTo("2024-03-07");
        Instant breachedAt = Instant.parse(escalation.path("breachedAt").asText());
        assertThat(breachedAt).isAfterOrEqualTo(breachedAfter).isBefore(breachedAfter.plusSeconds(60));
        assertThat(escalationTask.path("task").path("caseId").asText()).isEqualTo(lado.caseId().toString());
        // the form's text names the timescale, so the task's variables carry it
        assertThat(escalationTask.at("/variables/timescaleId").asText()).isEqualTo("L1a");
        assertThat(absent(escalationTask.path("deadline"))).as("the escalation itself is on no statutory clock")
                .isTrue();

        // the consideration task's due date is the partnership's turnaround, no statutory timescale
        JsonNode considerationTask = JSON.readTree(get("/api/tasks/" + consideration.getUserTaskKey(), officer).body());
        assertThat(absent(considerationTask.path("deadline"))).isTrue();
        assertThat(absent(considerationTask.path("escalation"))).isTrue();

        // deadlines: L1a passed (red); the portfolio targets are open and weeks away (green)
        HttpResponse<String> deadlines = get("/api/cases/" + lado.caseId() + "/deadlines", officer);
        assertThat(deadlines.statusCode()).as(deadlines.body()).isEqualTo(200);
        JsonNode due = JSON.readTree(deadlines.body());
        assertThat(due.path("today").asText()).isEqualTo("2024-03-08");
        JsonNode l1a = deadline(due, "L1a");
        assertThat(l1a.path("state").asText()).isEqualTo("BREACHED");
        assertThat(l1a.path("rag").asText()).isEqualTo("RED");
        assertThat(l1a.path("dueDate").asText()).isEqualTo("2024-03-07");
        assertThat(l1a.path("label").asText()).startsWith("L1a: Written follow-up");
        JsonNode l8b1 = deadline(due, "L8b1");
        assertThat(l8b1.path("state").asText()).isEqualTo("OPEN");
        assertThat(l8b1.path("rag").asText()).isEqualTo("GREEN");
        assertThat(l8b1.path("dueDate").asText()).isEqualTo("2024-04-04");
        assertThat(due.path("items").findValuesAsText("timescaleId"))
                .containsExactlyInAnyOrderElementsOf(harness.deadlines(lado).stream()
                        .map(org.opensafeguarding.workflow.deadlines.Deadlines.Deadline::timescaleId).toList());

        // the written referral arrives late after all: the process is told through the case messages API
        HttpResponse<String> written = post("/api/cases/" + lado.caseId() + "/messages/lado.written-referral.received",
                officer, "written-1", "{\"receivedOn\": \"2024-03-08\"}");
        assertThat(written.statusCode()).as(written.body()).isEqualTo(202);
        harness.awaitElementCompleted(lado, "Receive_Written");
        await("the process no longer waits for the written referral").atMost(ProcessHarness.WAIT).until(() ->
                JSON.readTree(get("/api/cases/" + lado.caseId(), officer).body()).path("messages").isEmpty());

        // the LADO decides a meeting is needed: its task shows the statutory timescale its due date belongs to
        harness.completeAsCaseworker(consideration, LadoSteps.consideration("MEETING", false, false));
        UserTask meeting = harness.awaitUserTask(lado, "PotMeeting");
        awaitMirrored(meeting.getUserTaskKey());
        JsonNode meetingTask = JSON.readTree(get("/api/tasks/" + meeting.getUserTaskKey(), officer).body());
        assertThat(meetingTask.at("/deadline/timescaleId").asText()).isEqualTo("L2b");
        assertThat(meetingTask.at("/deadline/label").asText()).isEqualTo(
                "L2b: Position-of-trust meeting otherwise (5 working days)");
        // Mon 4 Mar + 5 working days
        assertThat(meetingTask.at("/deadline/dueDate").asText()).isEqualTo("2024-03-11");
        assertThat(absent(meetingTask.path("escalation"))).isTrue();
        harness.awaitQuiet(lado);
        JsonNode redrawn = JSON.readTree(get("/api/cases/" + lado.caseId() + "/diagram", officer).body());
        assertThat(redrawn.path("activeElements")).anySatisfy(a -> {
            assertThat(a.path("elementId").asText()).isEqualTo("PotMeeting");
            assertThat(a.path("taskKey").asText()).isEqualTo(Long.toString(meeting.getUserTaskKey()));
            assertThat(a.path("dueDate").asText()).isEqualTo("2024-03-11");
        });
        List<String> nowCompleted = new ArrayList<>();
        redrawn.path("completedElements").forEach(e -> nowCompleted.add(e.asText()));
        assertThat(nowCompleted).contains("InitialConsideration", "Receive_Written");
        assertThat(redrawn.path("activeElements").findValuesAsText("elementId")).doesNotContain("InitialConsideration");

        // the timeline: what happened, in order, with the days it happened
        HttpResponse<String> timeline = get("/api/cases/" + lado.caseId() + "/timeline", officer);
        assertThat(timeline.statusCode()).as(timeline.body()).isEqualTo(200);
        JsonNode items = JSON.readTree(timeline.body()).path("items");
        List<String> types = items.findValuesAsText("type");
        assertThat(types.get(0)).isEqualTo("opened");
        assertThat(items.get(0).path("businessDate").asText()).isEqualTo("2024-03-04");
        assertThat(types).containsSubsequence("opened", "deadline.set", "deadline.breached", "message.received",
                "decision.recorded", "task.completed", "task.created");
        JsonNode decision = find(items, "decision.recorded", null);
        assertThat(decision.path("actorRole").asText()).isEqualTo("LADO");
        assertThat(find(items, "task.completed", "InitialConsideration").path("label").asText())
                .startsWith("Task completed: ");
        assertThat(find(items, "deadline.set", null).path("label").asText()).startsWith("Deadline set: ");
        assertThat(types.stream().filter("task.created"::equals).count())
                .isEqualTo(harness.events(lado, "task.created").size());
        assertThat(items.findValuesAsText("label")).contains(
                "Deadline passed: L1a: Written follow-up of a verbal referral to the LADO (3 working days) (due 2024-03-07)",
                "Written referral received");
        JsonNode created = find(items, "task.created", "InitialConsideration");
        assertThat(created.path("label").asText()).startsWith("Task created: ");
        JsonNode message = find(items, "message.received", null);
        assertThat(message.path("businessDate").asText()).isEqualTo("2024-03-08");
        List<Instant> at = new ArrayList<>();
        items.forEach(i -> at.add(Instant.parse(i.path("at").asText())));
        assertThat(at).isSorted();
        assertThat(at.get(0)).isBefore(Instant.parse("2024-03-05T00:00:00Z"));
        assertThat(timeline.body()).doesNotContain("Quennell").doesNotContain(NARRATIVE);
        assertThat(reads("user:test-lado", lado, "timeline")).isEqualTo(1);
        assertThat(reads("user:test-lado", lado, "deadlines")).isEqualTo(1);
    }

    @Test
    void anotherPartnershipOrTeamLearnsNothingAndARestrictedCaseShowsOnlyThatItExists() throws Exception {
        ProcessCase lado = harness.startCase(ReferralKind.LADO_ALLEGATION);
        harness.awaitUserTask(lado, "InitialConsideration");
        String base = "/api/cases/" + lado.caseId();
        List<String> views = List.of(base, base + "/timeline", base + "/deadlines", base + "/diagram");

        String otherPartnership = TestCallers.caseworker("lado-north", Set.of("lado"), TestCallers.OTHER_TENANT);
        String otherTeam = TestCallers.caseworker("cdop-coordinator");
        for (String view : views) {
            HttpResponse<String> unknown = get(view, otherPartnership);
            assertThat(unknown.statusCode()).as(view).isEqualTo(404);
            assertThat(code(unknown)).isEqualTo("unknown-case");
            assertThat(unknown.body()).doesNotContain(NARRATIVE).doesNotContain("LADO_ALLEGATION");
            HttpResponse<String> wrongType = get(view, otherTeam);
            assertThat(wrongType.statusCode()).as(view).isEqualTo(403);
            assertThat(code(wrongType)).isEqualTo("case-type-not-allowed");
            assertThat(wrongType.body()).doesNotContain(NARRATIVE);
        }
        // a case that does not exist answers as another partnership's does; a malformed id names the field
        HttpResponse<String> none = get("/api/cases/" + java.util.UUID.randomUUID(), TestCallers.caseworker("lado"));
        assertThat(none.statusCode()).isEqualTo(404);
        assertThat(code(none)).isEqualTo("unknown-case");
        HttpResponse<String> malformed = get("/api/cases/not-a-case", TestCallers.caseworker("lado"));
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(malformed.body()).at("/errors/0/field").asText()).isEqualTo("caseId");
        assertThat(harness.jdbc().sql("SELECT count(*) FROM audit_log WHERE action = 'DENIED' AND case_id = :id "
                        + "AND actor IN ('user:lado-north', 'user:test-cdop-coordinator')")
                .param("id", lado.caseId().value()).query(Long.class).single()).isEqualTo(2L * views.size());
        assertThat(harness.jdbc().sql("SELECT count(*) FROM audit_log WHERE action = 'READ' AND case_id = :id "
                        + "AND actor IN ('user:lado-north', 'user:test-cdop-coordinator')")
                .param("id", lado.caseId().value()).query(Long.class).single()).isZero();

        // restricted to the officer who has it: a colleague sees that it exists and is restricted, nothing more
        String named = TestCallers.caseworker("lado-amina", Set.of("lado"), TestCallers.TENANT);
        HttpResponse<String> restrict = put(base + "/access", named, "{\"restricted\": true, \"members\": []}");
        assertThat(restrict.statusCode()).as(restrict.body()).isEqualTo(200);
        String colleague = TestCallers.caseworker("lado-ben", Set.of("lado"), TestCallers.TENANT);
        HttpResponse<String> outside = get(base, colleague);
        assertThat(outside.statusCode()).as(outside.body()).isEqualTo(200);
        JsonNode shown = JSON.readTree(outside.body());
        assertThat(shown.path("restricted").asBoolean()).isTrue();
        assertThat(shown.path("caseId").asText()).isEqualTo(lado.caseId().toString());
        assertThat(absent(shown.path("referral"))).isTrue();
        assertThat(absent(shown.path("status"))).isTrue();
        assertThat(absent(shown.path("openedAt"))).isTrue();
        assertThat(shown.path("messages")).isEmpty();
        assertThat(outside.body()).doesNotContain(NARRATIVE).doesNotContain("Quennell");
        assertThat(harness.jdbc().sql("SELECT count(*) FROM audit_log WHERE action = 'READ' AND case_id = :id "
                        + "AND actor = 'user:lado-ben' AND detail ->> 'inside' = 'false'")
                .param("id", lado.caseId().value()).query(Long.class).single()).isEqualTo(1);
        for (String view : views.subList(1, views.size())) {
            HttpResponse<String> refused = get(view, colleague);
            assertThat(refused.statusCode()).as(view).isEqualTo(403);
            assertThat(code(refused)).isEqualTo("restricted");
        }
        HttpResponse<String> inside = get(base, named);
        assertThat(JSON.readTree(inside.body()).path("restricted").asBoolean()).isTrue();
        assertThat(field(JSON.readTree(inside.body()), "allegation.narrative")).isEqualTo(NARRATIVE);

        // a managing partnership role without a team sees no case at all
        String partnershipManager = TestCallers.person("pm-north", Set.of("PARTNERSHIP_MANAGER"), Set.of(),
                Set.of(TestCallers.TENANT));
        HttpResponse<String> manager = get(base, partnershipManager);
        assertThat(manager.statusCode()).isEqualTo(403);
        assertThat(code(manager)).isEqualTo("role-not-allowed");
    }

    @Test
    void linkedCasesAreListedBothWaysWithinThePartnership() throws Exception {
        ProcessCase death = harness.startCase(ReferralKind.CHILD_DEATH_NOTIFICATION);
        ProcessCase incident = harness.startCase(ReferralKind.SERIOUS_INCIDENT_NOTIFICATION);
        Timestamp now = Timestamp.from(harness.now());
        // as the child death process links a death and the serious incident it raised (case.open, V4 case_link)
        harness.jdbc().sql("INSERT INTO case_link (case_id, linked_case_id, link_type, created_at) "
                        + "VALUES (:a, :b, 'SIN_CANDIDATE', :at), (:b, :a, 'SOURCE', :at)")
                .param("a", death.caseId().value()).param("b", incident.caseId().value()).param("at", now).update();
        JsonNode fromDeath = JSON.readTree(get("/api/cases/" + death.caseId(),
                TestCallers.caseworker("cdop-coordinator")).body());
        assertThat(fromDeath.path("linkedCases")).singleElement().satisfies(l -> {
            assertThat(l.path("caseId").asText()).isEqualTo(incident.caseId().toString());
            assertThat(l.path("relation").asText()).isEqualTo("RAISED");
            assertThat(l.path("caseType").asText()).isEqualTo("SERIOUS_INCIDENT");
        });
        JsonNode fromIncident = JSON.readTree(get("/api/cases/" + incident.caseId(),
                TestCallers.caseworker("review-business-unit")).body());
        assertThat(fromIncident.path("linkedCases")).singleElement().satisfies(l -> {
            assertThat(l.path("caseId").asText()).isEqualTo(death.caseId().toString());
            assertThat(l.path("relation").asText()).isEqualTo("RAISED_BY");
            assertThat(l.path("caseType").asText()).isEqualTo("CHILD_DEATH");
        });
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private void awaitMirrored(long taskKey) {
        await("tasklist mirrors task " + taskKey).atMost(ProcessHarness.WAIT).until(() -> harness.jdbc()
                .sql("SELECT count(*) FROM case_task WHERE task_key = :k").param("k", taskKey).query(Long.class)
                .single() == 1);
    }

    private long reads(String actor, ProcessCase c, String view) {
        return harness.jdbc().sql("SELECT count(*) FROM audit_log WHERE actor = :actor AND action = 'READ' "
                        + "AND resource_type = 'case' AND resource_id = :id AND case_id = :caseId "
                        + "AND detail ->> 'view' = :view")
                .param("actor", actor).param("id", c.caseId().toString()).param("caseId", c.caseId().value())
                .param("view", view).query(Long.class).single();
    }

    /** Null members are left out of the service's JSON. */
    private static boolean absent(JsonNode node) {
        return node.isMissingNode() || node.isNull();
    }

    private static String field(JsonNode theCase, String name) {
        for (JsonNode f : theCase.at("/referral/fields")) {
            if (f.path("name").asText().equals(name)) {
                return f.path("value").asText();
            }
        }
        throw new AssertionError("no referral field " + name + " in " + theCase.at("/referral/fields"));
    }

    private static String label(JsonNode theCase, String name) {
        for (JsonNode f : theCase.at("/referral/fields")) {
            if (f.path("name").asText().equals(name)) {
                return f.path("label").asText();
            }
        }
        throw new AssertionError("no referral field " + name);
    }

    private static JsonNode deadline(JsonNode deadlines, String timescale) {
        for (JsonNode d : deadlines.path("items")) {
            if (d.path("timescaleId").asText().equals(timescale)) {
                return d;
            }
        }
        throw new AssertionError("no deadline " + timescale + " in " + deadlines);
    }

    private static JsonNode find(JsonNode items, String type, String taskType) {
        for (JsonNode i : items) {
            if (i.path("type").asText().equals(type) && (taskType == null || taskType.equals(i.path("taskType").asText()))) {
                return i;
            }
        }
        throw new AssertionError("no " + type + " " + taskType + " in " + items);
    }

    private static String code(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body()).path("code").asText();
    }

    private HttpResponse<String> get(String path, String authorization) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(path)).header("Authorization", authorization).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String authorization, String key, String body)
            throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(path)).header("Authorization", authorization)
                .header("Content-Type", "application/json").header("Idempotency-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> put(String path, String authorization, String body)
            throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(path)).header("Authorization", authorization)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }
}
