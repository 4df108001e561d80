package org.opensafeguarding.workflow.tasklist;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

/** task_draft: half-filled forms, one per person and task. */
@Repository
class TaskDrafts {

    record Draft(JsonNode values, Instant savedAt) {
    }

    private final JdbcClient jdbc;
    private final ObjectMapper json;

    TaskDrafts(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    Optional<Draft> find(long taskKey, String userId) {
        return jdbc.sql("SELECT draft_values::text AS v, saved_at FROM task_draft WHERE task_key = :key AND user_id = :user")
                .param("key", taskKey).param("user", userId)
                .query((rs, n) -> new Draft(read(rs.getString("v")), rs.getTimestamp("saved_at").toInstant()))
                .optional();
    }

    void save(long taskKey, String userId, JsonNode values, Instant at) {
        jdbc.sql("""
                INSERT INTO task_draft (task_key, user_id, draft_values, saved_at)
                VALUES (:key, :user, CAST(:values AS JSONB), :at)
                ON CONFLICT (task_key, user_id) DO UPDATE SET draft_values = EXCLUDED.draft_values, saved_at = EXCLUDED.saved_at
                """)
                .param("key", taskKey).param("user", userId).param("values", values.toString())
                .param("at", Timestamp.from(at))
                .update();
    }

    /** @return true when there was one */
    boolean delete(long taskKey, String userId) {
        return jdbc.sql("DELETE FROM task_draft WHERE task_key = :key AND user_id = :user")
                .param("key", taskKey).param("user", userId).update() == 1;
    }

    /** Everyone's drafts of the task, when it has been completed or has ended. @return how many there were */
    int deleteAll(long taskKey) {
        return jdbc.sql("DELETE FROM task_draft WHERE task_key = :key").param("key", taskKey).update();
    }

    private JsonNode read(String text) {
        try {
            return json.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
