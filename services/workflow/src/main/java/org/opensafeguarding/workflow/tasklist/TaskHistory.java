package org.opensafeguarding.workflow.tasklist;

import org.opensafeguarding.workflow.casefile.CaseId;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

/**
 * task_history: what happened to each task and in which role, written in the transaction that changes the mirror
 * row so the history never disagrees with the tray.
 */
@Repository
class TaskHistory {

    enum Action { CREATED, CLAIMED, ASSIGNED, UNASSIGNED, COMPLETED, CANCELED }

    /** @param actor the person's staff identifier, null when the engine or something outside this service acted */
    record Entry(Instant at, Action action, String actor, String actorRole) {
    }

    private final JdbcClient jdbc;

    TaskHistory(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void record(long taskKey, CaseId caseId, Action action, String actor, String actorRole, Instant at) {
        jdbc.sql("""
                INSERT INTO task_history (task_key, case_id, action, actor, actor_role, at)
                VALUES (:key, :caseId, :action, :actor, :role, :at)
                """)
                .param("key", taskKey)
                .param("caseId", caseId.value())
                .param("action", action.name())
                .param("actor", actor)
                .param("role", actorRole)
                .param("at", Timestamp.from(at))
                .update();
    }

    /** Oldest first. */
    List<Entry> of(long taskKey) {
        return jdbc.sql("SELECT at, action, actor, actor_role FROM task_history WHERE task_key = :key ORDER BY at, id")
                .param("key", taskKey)
                .query((rs, n) -> new Entry(rs.getTimestamp("at").toInstant(), Action.valueOf(rs.getString("action")),
                        rs.getString("actor"), rs.getString("actor_role")))
                .list();
    }
}
