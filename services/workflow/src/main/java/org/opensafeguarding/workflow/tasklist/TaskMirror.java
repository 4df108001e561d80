package org.opensafeguarding.workflow.tasklist;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.opensafeguarding.workflow.casefile.CaseId;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** case_task and task_form: the tasklist's copy of the engine's user tasks and their forms. */
@Repository
class TaskMirror {

    private static final TypeReference<LinkedHashMap<String, String>> HEADERS = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final ObjectMapper json;
    private final RowMapper<TaskRow> row;

    TaskMirror(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
        this.row = this::map;
    }

    TaskRow map(ResultSet rs, int n) throws SQLException {
        return new TaskRow(
                rs.getLong("task_key"),
                new CaseId(rs.getObject("case_id", UUID.class)),
                rs.getLong("process_instance_key"),
                rs.getLong("element_instance_key"),
                rs.getString("process_id"),
                rs.getString("element_id"),
                rs.getString("name"),
                (Long) rs.getObject("form_key"),
                rs.getString("form_id"),
                strings(rs.getArray("candidate_groups")),
                strings(rs.getArray("candidate_users")),
                rs.getString("assignee"),
                instant(rs.getTimestamp("due_at")),
                instant(rs.getTimestamp("follow_up_at")),
                rs.getInt("priority"),
                headers(rs.getString("custom_headers")),
                TaskStatus.valueOf(rs.getString("status")),
                instant(rs.getTimestamp("created_at")),
                instant(rs.getTimestamp("ended_at")));
    }

    private static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : List.of((String[]) array.getArray());
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    private static Timestamp timestamp(Instant i) {
        return i == null ? null : Timestamp.from(i);
    }

    private Map<String, String> headers(String text) {
        try {
            return text == null ? Map.of() : json.readValue(text, HEADERS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String headersJson(Map<String, String> headers) {
        try {
            return json.writeValueAsString(headers == null ? Map.of() : headers);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static String[] array(List<String> values) {
        return values == null ? new String[0] : values.toArray(String[]::new);
    }

    /** @return true when the row is new (the first sight of the task) */
    boolean insertIfAbsent(TaskRow t) {
        return jdbc.sql("""
                INSERT INTO case_task (task_key, case_id, process_instance_key, element_instance_key, process_id,
                                       element_id, name, form_key, form_id, candidate_groups, candidate_users, assignee,
                                       due_at, follow_up_at, priority, custom_headers, status, created_at)
                VALUES (:key, :caseId, :instance, :element, :processId, :elementId, :name, :formKey, :formId,
                        CAST(:groups AS TEXT[]), CAST(:users AS TEXT[]), :assignee, :due, :followUp, :priority,
                        CAST(:headers AS JSONB), 'OPEN', :createdAt)
                ON CONFLICT (task_key) DO NOTHING
                """)
                .param("key", t.taskKey())
                .param("caseId", t.caseId().value())
                .param("instance", t.processInstanceKey())
                .param("element", t.elementInstanceKey())
                .param("processId", t.processId())
                .param("elementId", t.elementId())
                .param("name", t.name())
                .param("formKey", t.formKey())
                .param("formId", t.formId())
                .param("groups", array(t.candidateGroups()))
                .param("users", array(t.candidateUsers()))
                .param("assignee", t.assignee())
                .param("due", timestamp(t.dueAt()))
                .param("followUp", timestamp(t.followUpAt()))
                .param("priority", t.priority())
                .param("headers", headersJson(t.customHeaders()))
                .param("createdAt", timestamp(t.createdAt()))
                .update() == 1;
    }

    Optional<TaskRow> find(long taskKey) {
        return jdbc.sql("SELECT * FROM case_task WHERE task_key = :key").param("key", taskKey).query(row).optional();
    }

    /** Which of these tasks have a row, whatever its status. */
    Set<Long> mirrored(Collection<Long> taskKeys) {
        if (taskKeys.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(jdbc.sql("SELECT task_key FROM case_task WHERE task_key IN (:keys)")
                .param("keys", taskKeys).query(Long.class).list());
    }

    /** Locks the row for the rest of the transaction. */
    Optional<TaskRow> lock(long taskKey) {
        return jdbc.sql("SELECT * FROM case_task WHERE task_key = :key FOR UPDATE").param("key", taskKey).query(row)
                .optional();
    }

    Map<Long, TaskRow> open() {
        Map<Long, TaskRow> open = new LinkedHashMap<>();
        jdbc.sql("SELECT * FROM case_task WHERE status = 'OPEN'").query(row).list()
                .forEach(t -> open.put(t.taskKey(), t));
        return open;
    }

    /**
     * Sets the assignee if it differs, on an open task.
     *
     * @param unchangedSince only when the row was not changed after this moment (null: no such condition), so a
     *                       reading of the engine taken before a change through the API cannot undo it
     * @return true when the row changed
     */
    boolean setAssignee(long taskKey, String assignee, Instant unchangedSince) {
        return jdbc.sql("""
                UPDATE case_task SET assignee = :assignee, updated_at = clock_timestamp()
                WHERE task_key = :key AND status = 'OPEN' AND assignee IS DISTINCT FROM :assignee
                  AND (CAST(:since AS TIMESTAMPTZ) IS NULL OR updated_at < CAST(:since AS TIMESTAMPTZ))
                """)
                .param("assignee", assignee)
                .param("key", taskKey)
                .param("since", timestamp(unchangedSince))
                .update() == 1;
    }

    /** Copies the engine's schedule and candidates onto an open task (no event: these are not case events). */
    void setSchedule(long taskKey, Instant due, Instant followUp, int priority, List<String> groups, List<String> users,
                     Instant unchangedSince) {
        jdbc.sql("""
                UPDATE case_task SET due_at = :due, follow_up_at = :followUp, priority = :priority,
                       candidate_groups = CAST(:groups AS TEXT[]), candidate_users = CAST(:users AS TEXT[]),
                       updated_at = clock_timestamp()
                WHERE task_key = :key AND status = 'OPEN' AND updated_at < :since
                """)
                .param("due", timestamp(due))
                .param("followUp", timestamp(followUp))
                .param("priority", priority)
                .param("groups", array(groups))
                .param("users", array(users))
                .param("key", taskKey)
                .param("since", timestamp(unchangedSince))
                .update();
    }

    /** @return true when the task was in one of {@code from} and is now {@code to} */
    boolean setStatus(long taskKey, TaskStatus to, TaskStatus... from) {
        boolean ends = to == TaskStatus.COMPLETED || to == TaskStatus.CANCELED;
        return jdbc.sql("UPDATE case_task SET status = :to, updated_at = clock_timestamp()"
                        + (ends ? ", ended_at = coalesce(ended_at, clock_timestamp())" : "")
                        + " WHERE task_key = :key AND status IN (:from)")
                .param("to", to.name())
                .param("key", taskKey)
                .param("from", Arrays.stream(from).map(Enum::name).toList())
                .update() == 1;
    }

    /** Names the assignment this service is asking the engine for (see V19), or clears it with null. */
    void setAssignmentInFlight(long taskKey, String change) {
        jdbc.sql("UPDATE case_task SET assignment_in_flight = :change WHERE task_key = :key")
                .param("change", change).param("key", taskKey).update();
    }

    /** Whether this service itself asked the engine for this assignment and will record it. */
    boolean isAssignmentInFlight(long taskKey, String change) {
        return jdbc.sql("SELECT count(*) FROM case_task WHERE task_key = :key AND assignment_in_flight = :change")
                .param("key", taskKey).param("change", change).query(Integer.class).single() > 0;
    }

    static String assignmentChange(String assignee) {
        return assignee == null ? "unassign" : "assign:" + assignee;
    }

    /** The database's own clock, so comparisons with updated_at do not depend on this JVM's clock. */
    Instant databaseNow() {
        return jdbc.sql("SELECT clock_timestamp()").query(Timestamp.class).single().toInstant();
    }

    // ------------------------------------------------------------------ cases

    /** The cases that know these instances as theirs, by instance key. */
    Map<Long, CaseId> casesOfInstances(Collection<Long> processInstanceKeys) {
        Map<Long, CaseId> cases = new HashMap<>();
        if (processInstanceKeys.isEmpty()) {
            return cases;
        }
        jdbc.sql("SELECT process_instance_key, id FROM case_file WHERE process_instance_key IN (:keys)")
                .param("keys", processInstanceKeys)
                .query((rs, n) -> Map.entry(rs.getLong(1), new CaseId(rs.getObject(2, UUID.class)))).list()
                .forEach(found -> cases.putIfAbsent(found.getKey(), found.getValue()));
        return cases;
    }

    Optional<String> caseTypeOf(CaseId caseId) {
        return jdbc.sql("SELECT case_type FROM case_file WHERE id = :id").param("id", caseId.value())
                .query(String.class).optional();
    }

    boolean caseExists(CaseId caseId) {
        return jdbc.sql("SELECT count(*) FROM case_file WHERE id = :id").param("id", caseId.value())
                .query(Long.class).single() > 0;
    }

    // ------------------------------------------------------------------ forms

    record StoredForm(long formKey, String formId, long version, JsonNode schema) {
    }

    Optional<StoredForm> form(long formKey) {
        return jdbc.sql("SELECT form_key, form_id, version, schema::text AS schema FROM task_form WHERE form_key = :key")
                .param("key", formKey)
                .query((rs, n) -> new StoredForm(rs.getLong("form_key"), rs.getString("form_id"), rs.getLong("version"),
                        readTree(rs.getString("schema"))))
                .optional();
    }

    void saveForm(StoredForm form) {
        jdbc.sql("""
                INSERT INTO task_form (form_key, form_id, version, schema) VALUES (:key, :id, :version, CAST(:schema AS JSONB))
                ON CONFLICT (form_key) DO NOTHING
                """)
                .param("key", form.formKey())
                .param("id", form.formId())
                .param("version", form.version())
                .param("schema", form.schema().toString())
                .update();
    }

    private JsonNode readTree(String text) {
        try {
            return json.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> copy(List<String> values) {
        return values == null ? List.of() : new ArrayList<>(values);
    }
}
