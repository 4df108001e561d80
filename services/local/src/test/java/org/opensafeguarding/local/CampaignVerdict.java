package org.opensafeguarding.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.opensafeguarding.identity.provider.IdentityProviderClient;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * What the campaign found, worked out after the load has settled from three independent records: the workflow
 * service's database (inbox, cases, tasks, completions, audit, the case event log that keeps every event written),
 * the engine's API (process instances and their {@code caseId}, user tasks) and what the Kafka consumer received.
 *
 * <p>Two kinds of duplicate are kept apart: an event delivered twice with the same id (at-least-once delivery, which
 * a consumer's inbox absorbs: "redelivered") and the same thing happening twice under different ids, which no
 * consumer can absorb (a second case for a referral, a second instance for a case, a task completed twice, two
 * events with one sequence number: "duplicated").
 */
final class CampaignVerdict {

    private static final String CASE_OPENED = "org.opensafeguarding.case.opened";
    private static final String TASK_CREATED = "org.opensafeguarding.case.task.created";
    private static final String TASK_COMPLETED = "org.opensafeguarding.case.task.completed";

    /** One line of the table: one phase of the campaign and the referrals sent during it. */
    record Row(String fault, int referrals, int cases, int instances, int tasksCompleted, int eventsReceived,
               int lost, int duplicated, int redelivered, int reordered, double secondsBack, double secondsToRecover) {
    }

    private record Event(String caseId, String id, String type, long sequence) {
    }

    private final CampaignStack stack;
    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    final List<String> findings = new ArrayList<>();

    CampaignVerdict(CampaignStack stack) {
        this.stack = stack;
    }

    /**
     * @param faults    per phase: what was done to the stack in it
     * @param restarted per phase: seconds from the fault until the part was healthy again (NaN: none)
     * @param recovered per phase: seconds from the fault until a referral sent after it had run end to end (NaN: none)
     */
    List<Row> judge(List<String> faults, List<Double> restarted, List<Double> recovered, List<CampaignLoad.Sent> sent, Map<Long, Integer> completed,
                    List<CaseEventTap.Received> received) throws Exception {
        Map<String, String> caseOfEvent = pairs("SELECT event_id, case_id::text FROM intake_inbox");
        Map<String, String> casesKnown = pairs("SELECT id::text, coalesce(process_instance_key::text, '') FROM case_file");
        Map<String, Long> lastSequence = longs("SELECT id::text, event_sequence FROM case_file");
        Map<String, String> caseOfPseudonym = pairs("SELECT DISTINCT partition_key, case_id::text FROM outbox_event");
        List<Event> written = new ArrayList<>();
        query("SELECT case_id::text, event_id::text, event_type, sequence FROM case_event_log",
                rs -> written.add(new Event(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4))));
        Map<String, String> completionStatus = pairs("SELECT task_key::text, status FROM task_completion");
        Map<String, String> mirrorStatus = pairs("SELECT task_key::text, status FROM case_task");
        Map<String, String> caseOfTask = pairs("SELECT task_key::text, case_id::text FROM case_task");
        Map<String, Long> completedAudits = longs("SELECT resource_id, count(*) FROM audit_log WHERE resource_type = "
                + "'case_task' AND detail->>'change' = 'completed' GROUP BY resource_id");
        Map<String, Long> engineCompletedAudits = longs("SELECT resource_id, count(*) FROM audit_log WHERE resource_type = "
                + "'case_task' AND detail->>'change' IN ('engine-completed') GROUP BY resource_id");
        Map<String, Long> tasksPerCase = longs("SELECT case_id::text, count(*) FROM case_task GROUP BY case_id");

        Map<String, Set<Long>> instancesOfCase = engineInstancesByCase();
        Map<Long, String> engineTaskState = new HashMap<>();
        for (JsonNode t : engineSearch("/v2/user-tasks/search", filter("elementId", CampaignLoad.FIRST_TASK))) {
            engineTaskState.put(t.path("userTaskKey").asLong(), t.path("state").asText());
        }

        Map<String, List<Event>> writtenByCase = group(written, Event::caseId);
        Map<String, List<CaseEventTap.Received>> receivedByCase = new HashMap<>();
        for (CaseEventTap.Received r : received) {
            String caseId = caseOfPseudonym.get(r.pseudonym());
            receivedByCase.computeIfAbsent(caseId == null ? "?" + r.pseudonym() : caseId, k -> new ArrayList<>()).add(r);
        }
        if (receivedByCase.keySet().stream().anyMatch(k -> k.startsWith("?"))) {
            findings.add("events received for a pseudonym no case has written");
        }
        Set<String> referredCases = new HashSet<>(caseOfEvent.values());
        for (String c : casesKnown.keySet()) {
            if (!referredCases.contains(c)) {
                findings.add("duplicated: case " + c + " belongs to no referral");
            }
        }

        List<Row> rows = new ArrayList<>();
        for (int phase = 0; phase < faults.size(); phase++) {
            int p = phase;
            List<CampaignLoad.Sent> ofPhase = sent.stream().filter(s -> s.phase() == p).toList();
            int lost = 0;
            int duplicated = 0;
            int redelivered = 0;
            int reordered = 0;
            int cases = 0;
            int instances = 0;
            int eventsReceived = 0;
            for (CampaignLoad.Sent s : ofPhase) {
                String caseId = caseOfEvent.get(s.eventId());
                if (caseId == null || !casesKnown.containsKey(caseId)) {
                    lost++;
                    findings.add("lost: referral " + s.eventId() + " (" + s.channel() + ") has no case");
                    continue;
                }
                cases++;
                Set<Long> engineInstances = instancesOfCase.getOrDefault(caseId, Set.of());
                instances += engineInstances.size();
                if (engineInstances.isEmpty()) {
                    lost++;
                    findings.add("lost: case " + caseId + " has no process instance in the engine");
                } else if (engineInstances.size() > 1) {
                    duplicated += engineInstances.size() - 1;
                    findings.add("duplicated: case " + caseId + " has instances " + engineInstances);
                }
                String recordedKey = casesKnown.get(caseId);
                if (!engineInstances.isEmpty() && !recordedKey.isEmpty()
                        && !engineInstances.contains(Long.parseLong(recordedKey))) {
                    findings.add("case " + caseId + " records instance " + recordedKey + ", the engine has "
                            + engineInstances);
                    lost++;
                }

                // events: every one written received, once per id, no gap, first arrivals in sequence order
                List<Event> caseWritten = writtenByCase.getOrDefault(caseId, List.of());
                List<CaseEventTap.Received> caseReceived = receivedByCase.getOrDefault(caseId, List.of());
                Set<String> receivedIds = new HashSet<>();
                Map<Long, Set<String>> idsOfSequence = new HashMap<>();
                List<Long> firstArrivals = new ArrayList<>();
                for (CaseEventTap.Received r : caseReceived) {
                    if (receivedIds.add(r.id())) {
                        firstArrivals.add(r.sequence());
                        idsOfSequence.computeIfAbsent(r.sequence(), k -> new HashSet<>()).add(r.id());
                    } else {
                        redelivered++;
                    }
                }
                eventsReceived += receivedIds.size();
                for (Event e : caseWritten) {
                    if (!receivedIds.contains(e.id())) {
                        lost++;
                        findings.add("lost: event " + e.id() + " (" + e.type() + ", sequence " + e.sequence()
                                + ") of case " + caseId + " never arrived");
                    }
                }
                long last = lastSequence.getOrDefault(caseId, 0L);
                for (long seq = 1; seq <= last; seq++) {
                    if (!idsOfSequence.containsKey(seq)) {
                        lost++;
                        findings.add("gap: case " + caseId + " has no event with sequence " + seq + " of " + last);
                    }
                }
                for (Map.Entry<Long, Set<String>> e : idsOfSequence.entrySet()) {
                    if (e.getValue().size() > 1) {
                        duplicated += e.getValue().size() - 1;
                        findings.add("duplicated: case " + caseId + " sequence " + e.getKey() + " has ids " + e.getValue());
                    }
                }
                for (int i = 1; i < firstArrivals.size(); i++) {
                    if (firstArrivals.get(i) < firstArrivals.get(i - 1)) {
                        reordered++;
                        findings.add("reordered: case " + caseId + " first arrivals " + firstArrivals);
                        break;
                    }
                }
                long opened = caseWritten.stream().filter(e -> CASE_OPENED.equals(e.type())).count();
                if (opened != 1) {
                    duplicated += (int) Math.max(0, opened - 1);
                    findings.add("case " + caseId + " has " + opened + " case.opened events");
                }
                long created = caseWritten.stream().filter(e -> TASK_CREATED.equals(e.type())).count();
                long mirrored = tasksPerCase.getOrDefault(caseId, 0L);
                if (created != mirrored) {
                    duplicated += (int) Math.max(0, created - mirrored);
                    findings.add("case " + caseId + " has " + created + " task.created events for " + mirrored + " tasks");
                }
            }

            // completed tasks: the engine, the mirror, the completion record and the audit trail each say so once
            int tasksCompleted = 0;
            for (Map.Entry<Long, Integer> c : completed.entrySet()) {
                if (c.getValue() != p) {
                    continue;
                }
                tasksCompleted++;
                String key = Long.toString(c.getKey());
                String engineState = engineTaskState.get(c.getKey());
                if (!"COMPLETED".equals(engineState)) {
                    lost++;
                    findings.add("lost: completed task " + key + " is " + engineState + " in the engine");
                }
                if (!"DONE".equals(completionStatus.get(key)) || !"COMPLETED".equals(mirrorStatus.get(key))) {
                    lost++;
                    findings.add("lost: completed task " + key + " is " + completionStatus.get(key) + " / "
                            + mirrorStatus.get(key) + " in the workflow service");
                }
                long audits = completedAudits.getOrDefault(key, 0L);
                long engineAudits = engineCompletedAudits.getOrDefault(key, 0L);
                if (audits != 1 || engineAudits > 1) {
                    duplicated += (int) Math.max(0, audits - 1) + (int) Math.max(0, engineAudits - 1);
                    lost += audits == 0 ? 1 : 0;
                    findings.add("task " + key + " audited as completed " + audits + " times, as engine-completed "
                            + engineAudits + " times");
                }
                String caseId = caseOfTask.get(key);
                long completedEvents = writtenByCase.getOrDefault(caseId, List.of()).stream()
                        .filter(e -> TASK_COMPLETED.equals(e.type())).count();
                if (completedEvents != 1) {
                    duplicated += (int) Math.max(0, completedEvents - 1);
                    lost += completedEvents == 0 ? 1 : 0;
                    findings.add("case " + caseId + " has " + completedEvents + " task.completed events");
                }
            }
            rows.add(new Row(faults.get(p), ofPhase.size(), cases, instances, tasksCompleted, eventsReceived, lost,
                    duplicated, redelivered, reordered, restarted.get(p), recovered.get(p)));
        }
        long engineCompleted = engineTaskState.values().stream().filter("COMPLETED"::equals).count();
        if (engineCompleted != completed.size()) {
            findings.add("the engine has " + engineCompleted + " completed " + CampaignLoad.FIRST_TASK + " tasks; "
                    + completed.size() + " completions were accepted");
        }
        return rows;
    }

    static String table(List<Row> rows) {
        StringBuilder out = new StringBuilder();
        String format = "| %-46s | %9s | %5s | %9s | %5s | %8s | %4s | %10s | %11s | %9s | %6s | %9s |%n";
        out.append(String.format(format, "Fault", "referrals", "cases", "instances", "tasks", "events", "lost",
                "duplicated", "redelivered", "reordered", "back s", "recover s"));
        out.append(String.format(format, "-".repeat(46), "-".repeat(9), "-".repeat(5), "-".repeat(9), "-".repeat(5),
                "-".repeat(8), "-".repeat(4), "-".repeat(10), "-".repeat(11), "-".repeat(9), "-".repeat(6),
                "-".repeat(9)));
        int[] totals = new int[9];
        for (Row r : rows) {
            out.append(String.format(format, r.fault(), r.referrals(), r.cases(), r.instances(), r.tasksCompleted(),
                    r.eventsReceived(), r.lost(), r.duplicated(), r.redelivered(), r.reordered(), seconds(r.secondsBack()),
                    seconds(r.secondsToRecover())));
            int[] values = {r.referrals(), r.cases(), r.instances(), r.tasksCompleted(), r.eventsReceived(), r.lost(),
                    r.duplicated(), r.redelivered(), r.reordered()};
            for (int i = 0; i < values.length; i++) {
                totals[i] += values[i];
            }
        }
        out.append(String.format(format, "total", totals[0], totals[1], totals[2], totals[3], totals[4], totals[5],
                totals[6], totals[7], totals[8], "", ""));
        return out.toString();
    }

    private static String seconds(double s) {
        return Double.isNaN(s) ? "-" : String.format("%.1f", s);
    }

    // ------------------------------------------------------------------------------------------ the engine

    /** Root instances of the LADO process, by the {@code caseId} variable of their own scope. */
    private Map<String, Set<Long>> engineInstancesByCase() throws Exception {
        Set<Long> roots = new HashSet<>();
        for (JsonNode i : engineSearch("/v2/process-instances/search", filter("processDefinitionId", "lado-allegation"))) {
            JsonNode parent = i.path("parentProcessInstanceKey");
            if (parent.isMissingNode() || parent.isNull() || parent.asText().isEmpty()) {
                roots.add(i.path("processInstanceKey").asLong());
            }
        }
        Map<String, Set<Long>> byCase = new HashMap<>();
        for (JsonNode v : engineSearch("/v2/variables/search", filter("name", "caseId"))) {
            long instance = v.path("processInstanceKey").asLong();
            if (roots.contains(instance) && v.path("scopeKey").asLong() == instance) {
                String caseId = json.readTree(v.path("value").asText()).asText();
                byCase.computeIfAbsent(caseId, k -> new HashSet<>()).add(instance);
            }
        }
        return byCase;
    }

    private ObjectNode filter(String field, String value) {
        ObjectNode f = json.createObjectNode();
        f.put(field, value);
        return f;
    }

    /** Every item of a search, page by page with the cursor, so no page size limit of the engine cuts it short. */
    private List<JsonNode> engineSearch(String path, ObjectNode filter) throws Exception {
        String token = new IdentityProviderClient(URI.create(stack.issuer()))
                .clientCredentials(LocalIdentities.WORKFLOW_CLIENT, stack.secret("clients/" + LocalIdentities.WORKFLOW_CLIENT))
                .accessToken();
        List<JsonNode> all = new ArrayList<>();
        String after = null;
        int limit = 500;
        while (true) {
            ObjectNode body = json.createObjectNode();
            body.set("filter", filter);
            ObjectNode page = body.putObject("page");
            page.put("limit", limit);
            if (after != null) {
                page.put("after", after);
            }
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(stack.engineRestUrl() + path))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException(path + " answered " + r.statusCode() + ": " + r.body());
            }
            JsonNode result = json.readTree(r.body());
            JsonNode items = result.path("items");
            items.forEach(all::add);
            after = result.path("page").path("endCursor").asText(null);
            if (items.size() < limit || after == null) {
                return all;
            }
        }
    }

    // ------------------------------------------------------------------------------------------ the database

    private interface RowReader {
        void read(ResultSet rs) throws SQLException;
    }

    private void query(String sql, RowReader reader) throws SQLException {
        try (Connection c = DriverManager.getConnection(stack.jdbcUrl("workflow"), LocalPostgres.USER, "");
             PreparedStatement s = c.prepareStatement(sql); ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                reader.read(rs);
            }
        }
    }

    private Map<String, String> pairs(String sql) throws SQLException {
        Map<String, String> out = new LinkedHashMap<>();
        query(sql, rs -> out.put(rs.getString(1), rs.getString(2)));
        return out;
    }

    private Map<String, Long> longs(String sql) throws SQLException {
        Map<String, Long> out = new LinkedHashMap<>();
        query(sql, rs -> out.put(rs.getString(1), rs.getLong(2)));
        return out;
    }

    private static <T> Map<String, List<T>> group(List<T> items, Function<T, String> key) {
        Map<String, List<T>> out = new HashMap<>();
        for (T item : items) {
            out.computeIfAbsent(key.apply(item), k -> new ArrayList<>()).add(item);
        }
        return out;
    }
}
