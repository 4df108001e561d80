package org.opensafeguarding.workflow.casefile;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import java.util.UUID;

@Repository
public class CaseRepository {

    private static final RowMapper<CaseRecord> ROW = (rs, n) -> new CaseRecord(
            new CaseId(rs.getObject("id", UUID.class)),
            CaseType.valueOf(rs.getString("case_type")),
            rs.getString("process_id"),
            rs.getString("process_version"),
            rs.getString("tenant"),
            CaseStatus.valueOf(rs.getString("status")),
            rs.getObject("trigger_date", LocalDate.class),
            rs.getObject("subject_birth_date", LocalDate.class),
            rs.getTimestamp("opened_at").toInstant(),
            (Long) rs.getObject("process_instance_key"));

    private final JdbcClient jdbc;

    public CaseRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(CaseRecord c) {
        jdbc.sql("""
                INSERT INTO case_file (id, case_type, process_id, process_version, tenant, status, trigger_date,
                                       subject_birth_date, opened_at)
                VALUES (:id, :type, :processId, :processVersion, :tenant, :status, :triggerDate, :birthDate, :openedAt)
                """)
                .param("id", c.id().value())
                .param("type", c.type().name())
                .param("processId", c.processId())
                .param("processVersion", c.processVersion())
                .param("tenant", c.tenant())
                .param("status", c.status().name())
                .param("triggerDate", c.triggerDate())
                .param("birthDate", c.subjectBirthDate())
                .param("openedAt", Timestamp.from(c.openedAt()))
                .update();
    }

    public Optional<CaseRecord> find(CaseId id) {
        return jdbc.sql("SELECT * FROM case_file WHERE id = :id").param("id", id.value()).query(ROW).optional();
    }

    /** The case, for a step whose input names it; no such case is bad input. */
    public CaseRecord require(CaseId id) {
        return find(id).orElseThrow(() -> new InvalidCaseDataException("caseId: no case " + id + " exists"));
    }

    /**
     * Locks the case row for the rest of the transaction and hands out its next event number, so two
     * transactions changing one case write their events in commit order.
     */
    public long nextEventSequence(CaseId id) {
        return jdbc.sql("UPDATE case_file SET event_sequence = event_sequence + 1 WHERE id = :id RETURNING event_sequence")
                .param("id", id.value())
                .query(Long.class)
                .optional()
                .orElseThrow(() -> new IllegalStateException("no case " + id));
    }

    /** Locks the case row for the rest of the transaction, so two changes to one case run one after the other. */
    public void lock(CaseId id) {
        jdbc.sql("SELECT id FROM case_file WHERE id = :id FOR UPDATE").param("id", id.value()).query(UUID.class).optional()
                .orElseThrow(() -> new IllegalStateException("no case " + id));
    }

    public void recordProcessInstance(CaseId id, long processInstanceKey) {
        jdbc.sql("UPDATE case_file SET process_instance_key = :key WHERE id = :id AND process_instance_key IS NULL")
                .param("key", processInstanceKey)
                .param("id", id.value())
                .update();
    }

    /**
     * Closes an open case; a closed case is left alone, so a repeated close changes nothing.
     *
     * @param reason a code ({@code sin-not-required}, ...), or null for the normal end of the process
     * @return true when this call closed the case
     */
    public boolean closeIfOpen(CaseId id, Instant at, String reason) {
        return jdbc.sql("""
                UPDATE case_file SET status = 'CLOSED', closed_at = :at, closure_reason = :reason
                WHERE id = :id AND status = 'OPEN'
                """)
                .param("at", Timestamp.from(at))
                .param("reason", reason)
                .param("id", id.value())
                .update() == 1;
    }
}
