package org.opensafeguarding.workflow.casefile;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Links between cases (table {@code case_link}, V4). A link is directional: {@code caseId} points at
 * {@code linkedCaseId} with a {@link LinkType}.
 */
@Repository
public class CaseLinks {

    public enum LinkType {
        /** From a child death case to the serious-incident case it raised (at most one per death). */
        SIN_CANDIDATE,
        /** From a case to the case that raised it ({@code sourceCaseId} of the process). */
        SOURCE
    }

    private final JdbcClient jdbc;

    public CaseLinks(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** @return true when the link is new; a link that exists already is left as it is */
    public boolean link(CaseId caseId, CaseId linkedCaseId, LinkType type, Instant at) {
        return jdbc.sql("""
                INSERT INTO case_link (case_id, linked_case_id, link_type, created_at)
                VALUES (:caseId, :linked, :type, :at)
                ON CONFLICT DO NOTHING
                """)
                .param("caseId", caseId.value())
                .param("linked", linkedCaseId.value())
                .param("type", type.name())
                .param("at", Timestamp.from(at))
                .update() == 1;
    }

    /** The first case {@code caseId} is linked to with this type, if any. */
    public Optional<CaseId> linked(CaseId caseId, LinkType type) {
        return jdbc.sql("""
                SELECT linked_case_id FROM case_link WHERE case_id = :caseId AND link_type = :type
                ORDER BY created_at, linked_case_id LIMIT 1
                """)
                .param("caseId", caseId.value())
                .param("type", type.name())
                .query(UUID.class)
                .optional()
                .map(CaseId::new);
    }
}
