package org.opensafeguarding.workflow.access;

import org.opensafeguarding.workflow.casefile.CaseId;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The restriction tables (V10): which cases are restricted, who is named on them, who broke the glass. */
@Component
public class CaseRestrictions {

    public enum Reason {
        /** An allegation about a member of the partnership's own staff. */
        STAFF_ALLEGATION,
        /** A child death linked to a practice review. */
        LINKED_REVIEW,
        MANUAL
    }

    public record Restriction(Reason reason, String restrictedBy, Instant restrictedAt, List<String> members) {
    }

    /**
     * The SQL condition that the case in {@code caseColumn} (a qualified column or a parameter of the outer query) is
     * not restricted, or the user is named on it, or holds an unexpired break-glass grant; parameters
     * {@code :accessUser} and {@code :accessNow}.
     */
    public static String visibleCaseCondition(String caseColumn) {
        return """
                (NOT EXISTS (SELECT 1 FROM case_restriction r WHERE r.case_id = %1$s)
                 OR EXISTS (SELECT 1 FROM case_access_member m WHERE m.case_id = %1$s AND m.user_id = :accessUser)
                 OR EXISTS (SELECT 1 FROM case_break_glass g WHERE g.case_id = %1$s AND g.user_id = :accessUser
                            AND g.expires_at > :accessNow))""".formatted(caseColumn);
    }

    /**
     * The same rule as {@link #visibleCaseCondition} for a query that has left-joined {@code case_restriction} as
     * {@code restriction} on the case: an unrestricted row is decided by the join, and the look-ups for named people
     * and grants run only for restricted cases, so counting thousands of rows stays cheap.
     */
    public static String visibleWhenRestrictionJoined(String restriction, String caseColumn) {
        return """
                (%1$s.case_id IS NULL
                 OR EXISTS (SELECT 1 FROM case_access_member m WHERE m.case_id = %2$s AND m.user_id = :accessUser)
                 OR EXISTS (SELECT 1 FROM case_break_glass g WHERE g.case_id = %2$s AND g.user_id = :accessUser
                            AND g.expires_at > :accessNow))""".formatted(restriction, caseColumn);
    }

    private final JdbcClient jdbc;

    public CaseRestrictions(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** @return true when the case was not restricted before */
    public boolean restrict(CaseId caseId, Reason reason, String by, Instant at) {
        return jdbc.sql("""
                INSERT INTO case_restriction (case_id, reason, restricted_by, restricted_at)
                VALUES (:caseId, :reason, :by, :at) ON CONFLICT DO NOTHING
                """).param("caseId", caseId.value()).param("reason", reason.name()).param("by", by)
                .param("at", Timestamp.from(at)).update() == 1;
    }

    /** @return true when the case was restricted */
    public boolean lift(CaseId caseId) {
        jdbc.sql("DELETE FROM case_access_member WHERE case_id = :caseId").param("caseId", caseId.value()).update();
        return jdbc.sql("DELETE FROM case_restriction WHERE case_id = :caseId").param("caseId", caseId.value())
                .update() == 1;
    }

    public Optional<Restriction> find(CaseId caseId) {
        return jdbc.sql("SELECT reason, restricted_by, restricted_at FROM case_restriction WHERE case_id = :caseId")
                .param("caseId", caseId.value())
                .query((rs, n) -> new Restriction(Reason.valueOf(rs.getString("reason")), rs.getString("restricted_by"),
                        rs.getTimestamp("restricted_at").toInstant(), members(caseId)))
                .optional();
    }

    public List<String> members(CaseId caseId) {
        return jdbc.sql("SELECT user_id FROM case_access_member WHERE case_id = :caseId ORDER BY user_id")
                .param("caseId", caseId.value()).query(String.class).list();
    }

    /** The people who have worked on the case's tasks so far (assignees and those who completed one). */
    public List<String> workers(CaseId caseId) {
        return jdbc.sql("""
                SELECT assignee FROM case_task WHERE case_id = :caseId AND assignee IS NOT NULL
                UNION SELECT completed_by FROM task_completion WHERE case_id = :caseId
                """).param("caseId", caseId.value()).query(String.class).list();
    }

    /** @return true when the user was not named before */
    public boolean name(CaseId caseId, String userId, String by, Instant at) {
        return jdbc.sql("""
                INSERT INTO case_access_member (case_id, user_id, added_by, added_at)
                VALUES (:caseId, :user, :by, :at) ON CONFLICT DO NOTHING
                """).param("caseId", caseId.value()).param("user", userId).param("by", by)
                .param("at", Timestamp.from(at)).update() == 1;
    }

    public boolean unname(CaseId caseId, String userId) {
        return jdbc.sql("DELETE FROM case_access_member WHERE case_id = :caseId AND user_id = :user")
                .param("caseId", caseId.value()).param("user", userId).update() == 1;
    }

    public long breakGlass(CaseId caseId, String userId, String reason, Instant at, Instant expires) {
        return jdbc.sql("""
                INSERT INTO case_break_glass (case_id, user_id, reason, granted_at, expires_at)
                VALUES (:caseId, :user, :reason, :at, :expires) RETURNING id
                """).param("caseId", caseId.value()).param("user", userId).param("reason", reason)
                .param("at", Timestamp.from(at)).param("expires", Timestamp.from(expires))
                .query(Long.class).single();
    }

    /** Whether the user may see inside the case: it is not restricted, they are named, or their glass is broken. */
    public boolean visibleTo(CaseId caseId, String userId, Instant now) {
        return jdbc.sql("SELECT " + visibleCaseCondition("CAST(:caseId AS UUID)"))
                .param("caseId", caseId.value()).param("accessUser", userId).param("accessNow", Timestamp.from(now))
                .query(Boolean.class).single();
    }
}
