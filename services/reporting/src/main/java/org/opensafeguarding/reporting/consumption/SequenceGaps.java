package org.opensafeguarding.reporting.consumption;

import org.opensafeguarding.reporting.ReportingProperties;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;

/**
 * What is waiting: events held behind a gap, gaps older than {@code reporting.gap-timeout}, parked records. A gap
 * that does not fill means a lost event upstream (or a producer bug); it must reach an operator, not sit silently.
 * Its figures are gauges through {@code ReportingFigures}, which caches them between scrapes.
 */
@Component
public class SequenceGaps {

    private final JdbcTemplate jdbc;
    private final ProjectionVersions versions;
    private final ReportingProperties properties;
    private final Clock clock;

    public SequenceGaps(JdbcTemplate jdbc, ProjectionVersions versions, ReportingProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.versions = versions;
        this.properties = properties;
        this.clock = clock;
    }

    public Snapshot snapshot() {
        int version = versions.active();
        Instant staleBefore = clock.instant().minus(properties.gapTimeout());
        return jdbc.queryForObject("SELECT "
                        + "(SELECT count(*) FROM pending_event WHERE projection_version = ?) AS held, "
                        + "(SELECT count(DISTINCT case_pseudonym) FROM pending_event WHERE projection_version = ? "
                        + "  AND held_since < ?) AS stale, "
                        + "(SELECT min(held_since) FROM pending_event WHERE projection_version = ?) AS oldest, "
                        + "(SELECT count(*) FROM parked_event WHERE projection_version = ?) AS parked",
                (rs, n) -> new Snapshot(version, rs.getLong("held"), rs.getLong("stale"),
                        rs.getTimestamp("oldest") == null ? null : rs.getTimestamp("oldest").toInstant(),
                        rs.getLong("parked")),
                version, version, Timestamp.from(staleBefore), version, version);
    }

    public record Snapshot(int version, long heldEvents, long staleGaps, Instant oldestHeldSince, long parkedEvents) {
    }
}
