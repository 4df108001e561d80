package org.opensafeguarding.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.opensafeguarding.identity.provider.IdentityProviderClient;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Drives the whole local stack the way its users do, over HTTP with real tokens from its identity provider: an
 * integration POSTs referrals, demo caseworkers complete tasks through the tasklist API and send case messages, a
 * manager reads the reporting API. The engine's clock (the workflow service reads it, {@link
 * LocalStackSettings#withMovableClock}) is pinned day by day with the workflow service's own engine client, as the
 * workflow process tests do. Every wait is an Awaitility poll, never a sleep.
 *
 * <p>The tasklist mirrors a new engine task on its next poll, so when days pass quickly a {@code task.created} (an
 * escalation's, say) can be dated a day after the engine made the task; the figures checked here never count from
 * it.
 */
final class StackDriver implements AutoCloseable {

    static final ZoneId LONDON = ZoneId.of("Europe/London");
    static final String TENANT = "demo-north";
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Set<String> JOB_ELEMENTS = Set.of("SERVICE_TASK", "SEND_TASK", "BUSINESS_RULE_TASK",
            "SCRIPT_TASK", "INTERMEDIATE_THROW_EVENT", "END_EVENT");

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final LocalStack stack = new LocalStack();
    private final Map<String, String> tokens = new HashMap<>();
    private final LocalStackSettings settings;
    private final Path data;
    private final IdentityProviderClient identity;
    private LocalDate today;

    private StackDriver(Path data, LocalStackSettings settings) {
        this.data = data;
        this.settings = settings;
        this.identity = new IdentityProviderClient(URI.create("http://127.0.0.1:" + settings.identityPort()));
    }

    /** Starts the stack on free ports in {@code data}, with the engine's clock movable. */
    static StackDriver start(Path data) throws Exception {
        LocalStackSettings settings = FreePortSettings.in(data, "--mail").withMovableClock();
        StackDriver driver = new StackDriver(data, settings);
        driver.stack.start(settings);
        return driver;
    }

    @Override
    public void close() {
        stack.close();
    }

    // ---------------------------------------------------------------------------------------------- clock

    /** Stands the engine's clock (and so the workflow service's) still at 09:00 in London on {@code day}. */
    void pin(LocalDate day) {
        awaitQuiet();
        long at = day.atTime(LocalTime.of(9, 0)).atZone(LONDON).toInstant().toEpochMilli();
        HttpResponse<String> r = send(HttpRequest.newBuilder(engineManagement("/actuator/clock/pin"))
                .header("Authorization", "Bearer " + operatorToken()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"timestamp\":" + at + "}")));
        assertThat(r.statusCode()).as("pin the clock: %s", r.body()).isBetween(200, 299);
        today = day;
        // the timers due by then fire, and their workers run, before anyone acts on the new day
        awaitQuiet();
    }

    /** Pins each day after today up to {@code day} in turn, so the timers fire on their own days. */
    void walkTo(LocalDate day) {
        for (LocalDate d = today == null ? day : today.plusDays(1); !d.isAfter(day); d = d.plusDays(1)) {
            pin(d);
        }
    }

    LocalDate today() {
        return today;
    }

    /** Until no job waits for a worker anywhere in the engine (or is stuck on an incident). */
    void awaitQuiet() {
        await("the engine's jobs done").atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> {
            HttpResponse<String> r = send(HttpRequest.newBuilder(engineRest("/v2/element-instances/search"))
                    .header("Authorization", "Bearer " + operatorToken()).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "{\"filter\":{\"state\":\"ACTIVE\"},\"page\":{\"limit\":10000}}")));
            if (r.statusCode() != 200) {
                throw new AssertionError("element instance search: " + r.statusCode() + " " + r.body());
            }
            for (JsonNode e : json.readTree(r.body()).path("items")) {
                if (JOB_ELEMENTS.contains(e.path("type").asText()) && !e.path("hasIncident").asBoolean()) {
                    return false;
                }
            }
            return true;
        });
    }

    // ---------------------------------------------------------------------------------------------- intake

    /** A referral CloudEvent of this type from the demo MASH of demo-north, sent today. */
    ObjectNode referral(String type, ObjectNode data) {
        ObjectNode e = json.createObjectNode();
        e.put("specversion", "1.0");
        e.put("id", UUID.randomUUID().toString());
        e.put("source", "urn:demo-north:mash");
        e.put("type", type);
        e.put("time", today.atTime(LocalTime.of(8, 45)).atZone(LONDON).toInstant().toString());
        e.put("datacontenttype", "application/json");
        e.set("data", data);
        return e;
    }

    /** POSTs the referral as the demo MASH integration (client credentials); the case id it opened. */
    String postReferral(ObjectNode referral) {
        HttpResponse<String> r = send(HttpRequest.newBuilder(workflow("/api/referrals"))
                .header("Authorization", "Bearer " + clientToken("mash-north"))
                .header("Content-Type", "application/cloudevents+json")
                .POST(HttpRequest.BodyPublishers.ofString(referral.toString())));
        assertThat(r.statusCode()).as("POST /api/referrals: %s", r.body()).isIn(200, 201, 202);
        return read(r.body()).path("caseId").asText();
    }

    // ---------------------------------------------------------------------------------------------- tasklist

    /** Waits for the open task of this element on the case, as {@code user} sees it in the tasklist. */
    String awaitTask(String user, String caseId, String elementId) {
        return await(elementId + " of case " + caseId + " in " + user + "'s tasklist").atMost(WAIT)
                .pollInterval(Duration.ofMillis(100)).until(() -> {
                    for (JsonNode t : openTasks(user, caseId)) {
                        if (elementId.equals(t.path("elementId").asText())) {
                            return t.path("taskKey").asText();
                        }
                    }
                    return null;
                }, key -> key != null);
    }

    private JsonNode openTasks(String user, String caseId) {
        HttpResponse<String> r = send(asUser(user, workflow("/api/tasks?size=100&caseId=" + caseId)).GET());
        assertThat(r.statusCode()).as("GET /api/tasks: %s", r.body()).isEqualTo(200);
        return read(r.body()).path("items");
    }

    private List<String> openTaskKeys(String user, String caseId) {
        List<String> keys = new ArrayList<>();
        openTasks(user, caseId).forEach(t -> keys.add(t.path("taskKey").asText()));
        return keys;
    }

    /** Completes the case's open task of this element as {@code user} with the form's values. */
    void complete(String user, String caseId, String elementId, Map<String, Object> values) {
        String key = awaitTask(user, caseId, elementId);
        HttpResponse<String> r = send(asUser(user, workflow("/api/tasks/" + key + "/completion"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(write(values))));
        if (r.statusCode() == 403 && r.body().contains("restricted")) {
            breakGlass(user, caseId);
            r = send(asUser(user, workflow("/api/tasks/" + key + "/completion"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(write(values))));
        }
        assertThat(r.statusCode()).as("completing %s of %s: %s", elementId, caseId, r.body()).isIn(200, 202);
        if (!"COMPLETED".equals(read(r.body()).path("status").asText())) {
            // 202: stored, handed to the engine when it answers; done once the tasklist no longer offers it
            await(elementId + " completed").atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() ->
                    !openTaskKeys(user, caseId).contains(key));
        }
        awaitQuiet();
    }

    private void breakGlass(String user, String caseId) {
        HttpResponse<String> r = send(asUser(user, workflow("/api/cases/" + caseId + "/break-glass"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"reason\": \"End-to-end test: the next step is mine\"}")));
        assertThat(r.statusCode()).as("break-glass: %s", r.body()).isEqualTo(201);
    }

    /** A case-keyed message ({@code docs/case-messages.md}) sent by {@code user}. */
    void message(String user, String caseId, String messageName, Map<String, Object> body) {
        HttpResponse<String> r = send(asUser(user, workflow("/api/cases/" + caseId + "/messages/" + messageName))
                .header("Content-Type", "application/json").header("Idempotency-Key", UUID.randomUUID().toString())
                .POST(HttpRequest.BodyPublishers.ofString(write(body))));
        assertThat(r.statusCode()).as("message %s: %s", messageName, r.body()).isEqualTo(202);
        awaitQuiet();
    }

    /** An agency's answer to the newest request of this type to it. */
    void agencyAnswer(String user, String caseId, String requestType, String agency) {
        await("request " + requestType + " to " + agency).atMost(WAIT).pollInterval(Duration.ofMillis(100))
                .until(() -> count("workflow", "SELECT count(*) FROM agency_request WHERE case_id = ?::uuid "
                        + "AND request_type = ? AND agency_id = ?", caseId, requestType, agency) > 0);
        HttpResponse<String> r = send(asUser(user, workflow("/api/cases/" + caseId + "/agency-requests/" + requestType
                + "/" + agency + "/response")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"response\":\"RETURNED\",\"receivedOn\":\"" + today + "\"}")));
        assertThat(r.statusCode()).as("agency answer %s/%s: %s", requestType, agency, r.body()).isEqualTo(202);
        awaitQuiet();
    }

    // ---------------------------------------------------------------------------------------------- reporting

    /** The annual table of the process for the period, as the demo partnership manager reads it: metric|breakdown → row. */
    Map<String, JsonNode> annual(String process, LocalDate from, LocalDate to) {
        HttpResponse<String> r = send(asUser("manager.north", reporting("/api/reports/annual/" + process + "?tenant="
                + TENANT + "&from=" + from + "&to=" + to)).header("Accept", "application/json").GET());
        assertThat(r.statusCode()).as("annual %s: %s", process, r.body()).isEqualTo(200);
        Map<String, JsonNode> rows = new java.util.LinkedHashMap<>();
        for (JsonNode row : read(r.body()).path("rows")) {
            rows.put(row.path("metric").asText() + "|" + row.path("breakdown").asText(), row);
        }
        return rows;
    }

    /** The case's pseudonym, as its events carry it. */
    String pseudonym(String caseId) {
        return await("events of " + caseId).atMost(WAIT).until(() -> strings("workflow",
                "SELECT DISTINCT partition_key FROM outbox_event WHERE case_id = ?::uuid", caseId), l -> l.size() == 1)
                .get(0);
    }

    /**
     * Waits until reporting has taken in every event the workflow service wrote for the case: its timeline holds
     * each, in the same order, and nothing of it is held or parked.
     */
    void awaitProjected(String caseId) {
        String pseudonym = pseudonym(caseId);
        await("every event of " + caseId + " in reporting's timeline").atMost(WAIT).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> {
                    List<String> written = strings("workflow", "SELECT event_id::text || ' ' || event_type FROM outbox_event "
                            + "WHERE case_id = ?::uuid ORDER BY id", caseId);
                    List<String> projected = strings("reporting", "SELECT event_id || ' ' || event_type FROM case_timeline "
                            + "WHERE case_pseudonym = ? AND projection_version = (SELECT version FROM projection_version "
                            + "WHERE state = 'ACTIVE') ORDER BY sequence", pseudonym);
                    assertThat(projected).isEqualTo(written);
                });
        assertThat(count("reporting", "SELECT count(*) FROM pending_event WHERE case_pseudonym = ?", pseudonym)).isZero();
        assertThat(count("reporting", "SELECT count(*) FROM parked_event WHERE case_pseudonym = ?", pseudonym)).isZero();
    }

    /**
     * The case's projections say what its events say (worked out here from the workflow service's outbox, as
     * written): its summary (type, opened, closed), a stage per task in the state its last task event left it, a
     * deadline per timescale and due day in the state of its last event, and a fact per decision, outcome and notice.
     *
     * @return the event types of the case, for the caller to check the path took the steps it should
     */
    List<String> assertProjectionsMatchEvents(String caseId) {
        awaitProjected(caseId);
        String pseudonym = pseudonym(caseId);
        List<String> types = new ArrayList<>();
        Map<String, String> stages = new java.util.TreeMap<>();
        Map<String, String> deadlines = new java.util.TreeMap<>();
        List<String> facts = new ArrayList<>();
        String opened = null;
        String closed = null;
        for (String text : strings("workflow", "SELECT envelope::text FROM outbox_event WHERE case_id = ?::uuid ORDER BY id",
                caseId)) {
            JsonNode e = read(text);
            String type = e.path("type").asText().replace("org.opensafeguarding.case.", "");
            JsonNode d = e.path("data");
            types.add(type);
            switch (type) {
                case "opened" -> opened = d.path("occurredOn").asText();
                case "closed" -> closed = d.path("occurredOn").asText();
                case "task.created" -> stages.put(d.path("task").asText(), "OPEN");
                case "task.assigned" -> stages.put(d.path("task").asText(), "ASSIGNED");
                case "task.unassigned" -> stages.put(d.path("task").asText(), "OPEN");
                case "task.completed" -> stages.put(d.path("task").asText(), "COMPLETED");
                case "task.canceled" -> stages.put(d.path("task").asText(), "CANCELED");
                case "deadline.set" -> deadlines.putIfAbsent(d.path("timescale").asText() + " " + d.path("dueOn").asText(),
                        "OPEN");
                case "deadline.met", "deadline.breached", "deadline.lapsed" -> deadlines.put(d.path("timescale").asText()
                        + " " + d.path("dueOn").asText(), type.substring("deadline.".length()).toUpperCase());
                case "decision.recorded" -> facts.add("DECISION " + d.path("decisionType").asText() + " "
                        + d.path("outcome").asText());
                case "outcome.recorded" -> facts.add("OUTCOME " + d.path("outcomeType").asText() + " "
                        + d.path("outcome").asText());
                case "notice.sent" -> facts.add("NOTICE " + d.path("notice").asText() + " " + d.path("notice").asText());
                default -> {
                }
            }
        }
        String version = "(SELECT version FROM projection_version WHERE state = 'ACTIVE')";
        String caseType = strings("workflow", "SELECT case_type FROM case_file WHERE id = ?::uuid", caseId).get(0);
        assertThat(strings("reporting", "SELECT case_type || ' ' || opened_on || ' ' || coalesce(closed_on::text, 'open') "
                + "FROM case_summary WHERE case_pseudonym = ? AND projection_version = " + version, pseudonym))
                .as("case_summary of %s", caseId)
                .containsExactly(caseType + " " + opened + " " + (closed == null ? "open" : closed));
        Map<String, String> stageRows = new java.util.TreeMap<>();
        for (String row : strings("reporting", "SELECT task || ' ' || state FROM stage WHERE case_pseudonym = ? "
                + "AND projection_version = " + version, pseudonym)) {
            String[] parts = row.split(" ");
            stageRows.put(parts[0], parts[1]);
        }
        assertThat(stageRows).as("stages of %s", caseId).isEqualTo(stages);
        Map<String, String> deadlineRows = new java.util.TreeMap<>();
        for (String row : strings("reporting", "SELECT timescale || ' ' || due_on || ' ' || state FROM deadline "
                + "WHERE case_pseudonym = ? AND projection_version = " + version, pseudonym)) {
            int last = row.lastIndexOf(' ');
            deadlineRows.put(row.substring(0, last), row.substring(last + 1));
        }
        assertThat(deadlineRows).as("deadlines of %s", caseId).isEqualTo(deadlines);
        assertThat(strings("reporting", "SELECT kind || ' ' || fact_type || ' ' || code FROM case_fact "
                + "WHERE case_pseudonym = ? AND projection_version = " + version + " ORDER BY sequence", pseudonym))
                .as("facts of %s", caseId).isEqualTo(facts);
        return types;
    }

    /**
     * The plain-text bodies of the mails in a demo manager's inbox, read over IMAP from the stack's mail server with
     * the mailbox's password from the data folder, as the start-up banner says.
     */
    List<String> inbox(String tenant) {
        String address = LocalMail.managerOf(tenant);
        java.util.Properties properties = new java.util.Properties();
        properties.put("mail.imap.connectiontimeout", "10000");
        properties.put("mail.imap.timeout", "10000");
        try {
            jakarta.mail.Store store = jakarta.mail.Session.getInstance(properties).getStore("imap");
            store.connect("127.0.0.1", settings.mailImapPort(), address, secret("mail/" + address));
            try {
                jakarta.mail.Folder inbox = store.getFolder("INBOX");
                inbox.open(jakarta.mail.Folder.READ_ONLY);
                List<String> bodies = new ArrayList<>();
                for (jakarta.mail.Message m : inbox.getMessages()) {
                    bodies.add("Subject: " + m.getSubject() + "\n" + m.getContent());
                }
                inbox.close(false);
                return bodies;
            } finally {
                store.close();
            }
        } catch (jakarta.mail.MessagingException | IOException e) {
            throw new IllegalStateException("reading " + address + "'s inbox", e);
        }
    }

    // ---------------------------------------------------------------------------------------------- databases

    long count(String database, String sql, Object... params) {
        return Long.parseLong(strings(database, sql, params).get(0));
    }

    List<String> strings(String database, String sql, Object... params) {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://localhost:" + settings.postgresPort() + "/"
                + database, LocalPostgres.USER, ""); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            List<String> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    // ---------------------------------------------------------------------------------------------- tokens and HTTP

    private String userToken(String user) {
        return tokens.computeIfAbsent("user:" + user, u -> identity.authorizationCode(LocalIdentities.WEB_CLIENT,
                URI.create(LocalIdentities.WEB_REDIRECT), user, secret("users/" + user)).accessToken());
    }

    private String clientToken(String client) {
        return tokens.computeIfAbsent("client:" + client, c -> identity.clientCredentials(client,
                secret("clients/" + client)).accessToken());
    }

    /** The workflow service's own engine client, as the workflow tests' harness moves the clock with. */
    private String operatorToken() {
        return clientToken(LocalIdentities.WORKFLOW_CLIENT);
    }

    private String secret(String name) {
        try {
            return Files.readString(data.resolve("secrets").resolve(name)).trim();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private HttpRequest.Builder asUser(String user, URI uri) {
        return HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + userToken(user));
    }

    private URI workflow(String path) {
        return URI.create("http://localhost:" + settings.workflowPort() + path);
    }

    private URI reporting(String path) {
        return URI.create("http://localhost:" + settings.reportingPort() + path);
    }

    private URI engineRest(String path) {
        return URI.create("http://localhost:" + settings.engineRestPort() + path);
    }

    private URI engineManagement(String path) {
        return URI.create("http://localhost:" + settings.engineManagementPort() + path);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(WAIT).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private JsonNode read(String body) {
        try {
            return body == null || body.isBlank() ? json.nullNode() : json.readTree(body);
        } catch (IOException e) {
            throw new IllegalStateException("not JSON: " + body, e);
        }
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

}
