package org.opensafeguarding.workflow.cases;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.opensafeguarding.workflow.casefile.CaseId;
import org.opensafeguarding.workflow.casefile.CaseRecord;
import org.opensafeguarding.workflow.casemessages.AwaitableMessages;
import org.opensafeguarding.workflow.deadlines.TimescaleLabels;
import org.opensafeguarding.workflow.tasklist.Caller;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * GET /api/cases/{caseId}/timeline: what the workflow service recorded of the case, oldest first. The case's events
 * ({@code case_event_log}: opened, tasks created, claimed, completed, decisions, deadlines set, met and breached,
 * outcomes, notices, closure) and the case messages sent to its process ({@code case_message}). Like the events
 * they come from, items hold codes, days and roles, never a person or free text.
 */
@Service
class CaseTimelines {

    private static final String EVENT_PREFIX = "org.opensafeguarding.case.";

    private final CaseReads reads;
    private final TimescaleLabels timescales;
    private final AwaitableMessages messages;
    private final JdbcClient jdbc;
    private final ObjectMapper json;

    CaseTimelines(CaseReads reads, TimescaleLabels timescales, AwaitableMessages messages, JdbcClient jdbc,
                  ObjectMapper json) {
        this.messages = messages;
        this.reads = reads;
        this.timescales = timescales;
        this.jdbc = jdbc;
        this.json = json;
    }

    CaseViews.TimelineView timeline(Caller caller, String caseIdText) {
        CaseId caseId = CaseReads.parse(caseIdText);
        CaseRecord theCase = reads.inside(caller, caseId, "read-timeline");
        return reads.audited(caller, caseId, "timeline", () -> {
            Map<String, String> taskNames = taskNames(caseId);
            List<Sortable> items = new ArrayList<>();
            jdbc.sql("""
                            SELECT event_type, sequence, occurred_at, data::text AS data FROM case_event_log
                            WHERE case_id = :caseId ORDER BY sequence, id""")
                    .param("caseId", caseId.value())
                    .query((rs, n) -> new Sortable(rs.getTimestamp("occurred_at").toInstant(), 0, rs.getLong("sequence"),
                            eventItem(theCase, rs.getString("event_type"), rs.getTimestamp("occurred_at").toInstant(),
                                    read(rs.getString("data")), taskNames)))
                    .list().forEach(items::add);
            jdbc.sql("""
                            SELECT id, message_name, variables::text AS variables, sent_at FROM case_message
                            WHERE case_id = :caseId ORDER BY sent_at, id""")
                    .param("caseId", caseId.value())
                    .query((rs, n) -> new Sortable(rs.getTimestamp("sent_at").toInstant(), 1, rs.getLong("id"),
                            messageItem(rs.getString("message_name"), rs.getTimestamp("sent_at").toInstant(),
                                    read(rs.getString("variables")))))
                    .list().forEach(items::add);
            // events keep their case order; a message falls in by the time it was recorded
            items.sort(Comparator.comparing(Sortable::at).thenComparing(Sortable::source).thenComparing(Sortable::order));
            return new CaseViews.TimelineView(items.stream().map(Sortable::item).toList());
        }, view -> Map.of("items", view.items().size()));
    }

    private record Sortable(Instant at, int source, long order, CaseViews.TimelineItem item) {
    }

    private Map<String, String> taskNames(CaseId caseId) {
        Map<String, String> names = new HashMap<>();
        jdbc.sql("SELECT element_id, name FROM case_task WHERE case_id = :caseId AND name IS NOT NULL ORDER BY created_at")
                .param("caseId", caseId.value())
                .query((rs, n) -> names.putIfAbsent(rs.getString("element_id"), rs.getString("name")))
                .list();
        return names;
    }

    private CaseViews.TimelineItem eventItem(CaseRecord theCase, String eventType, Instant at, JsonNode data,
                                             Map<String, String> taskNames) {
        String type = eventType.startsWith(EVENT_PREFIX) ? eventType.substring(EVENT_PREFIX.length()) : eventType;
        String taskType = text(data, "taskType");
        String task = taskType == null ? null : taskNames.getOrDefault(taskType, taskType);
        String timescale = text(data, "timescale");
        String timescaleLabel = timescale == null ? null : timescales.label(theCase.tenant(), timescale);
        String dueOn = text(data, "dueOn");
        String label = switch (type) {
            case "opened" -> "Case opened from a " + text(data, "referralKind") + " referral ("
                    + lower(text(data, "channel")) + ")";
            case "task.created" -> "Task created: " + task + (dueOn == null ? "" : ", due " + dueOn);
            case "task.assigned" -> "Task claimed: " + task;
            case "task.unassigned" -> "Task handed back: " + task;
            case "task.completed" -> "Task completed: " + task;
            case "task.canceled" -> "Task ended without completion: " + task;
            case "decision.recorded" -> "Decision recorded: " + text(data, "decisionType") + " → "
                    + text(data, "outcome");
            case "deadline.set" -> "Deadline set: " + timescaleLabel + ", due " + dueOn;
            case "deadline.met" -> "Deadline met: " + timescaleLabel + " (due " + dueOn + ")";
            case "deadline.breached" -> "Deadline passed: " + timescaleLabel + " (due " + dueOn + ")";
            case "deadline.lapsed" -> "Deadline no longer owed: " + timescaleLabel + " (due " + dueOn + ")";
            case "outcome.recorded" -> "Outcome recorded: " + text(data, "outcomeType") + " " + text(data, "outcome");
            case "notice.sent" -> "Notice sent: " + text(data, "notice") + " to " + list(data.path("recipients"));
            case "closed" -> "Case closed" + (text(data, "closureReason") == null ? ""
                    : " (" + text(data, "closureReason") + ")");
            case "access.break-glass" -> "Restricted case opened by break-glass";
            default -> type;
        };
        String actorRole = first(text(data, "assigneeRole"), text(data, "decisionMakerRole"), text(data, "accessRole"));
        return new CaseViews.TimelineItem(at, businessDate(type, data), type, label, taskType, actorRole);
    }

    /** The day the thing happened, where the event says: done on, a form's business date, the trigger date. */
    private static LocalDate businessDate(String type, JsonNode data) {
        String day = text(data, "doneOn");
        if (day == null && data.path("businessDates").isObject()) {
            Iterator<JsonNode> dates = data.path("businessDates").elements();
            day = dates.hasNext() ? dates.next().asText(null) : null;
        }
        if (day == null && "opened".equals(type)) {
            day = text(data, "triggerDate");
        }
        return day(day);
    }

    private CaseViews.TimelineItem messageItem(String messageName, Instant at, JsonNode variables) {
        LocalDate day = null;
        for (Iterator<JsonNode> values = variables.elements(); values.hasNext() && day == null; ) {
            JsonNode value = values.next();
            day = value.isTextual() ? day(value.textValue()) : null;
        }
        return new CaseViews.TimelineItem(at, day, "message.received", messages.label(messageName),
                null, null);
    }

    private static LocalDate day(String text) {
        if (text == null) {
            return null;
        }
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String text(JsonNode data, String field) {
        JsonNode value = data.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static String lower(String code) {
        return code == null ? "unknown channel" : code.toLowerCase(java.util.Locale.ROOT);
    }

    private static String list(JsonNode codes) {
        List<String> items = new ArrayList<>();
        codes.forEach(c -> items.add(c.asText()));
        return String.join(", ", items);
    }

    private static String first(String... values) {
        for (String v : values) {
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    private JsonNode read(String text) {
        try {
            return json.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException("stored JSON is not JSON", e);
        }
    }

}
