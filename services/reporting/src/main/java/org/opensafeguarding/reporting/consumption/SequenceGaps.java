package org.opensafeguarding.reporting.consumption;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.opensafeguarding.reporting.ReportingProperties;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;

/**
 * What is waiting: events held behind a gap, gaps older than {@code reporting.gap-timeout}, parked records. A gap
 * that does not fill means a lost event upstream (or a producer bug); it must reach an operator, not sit silently.
 */
@Component
public class SequenceGaps {

    private final JdbcTemplate jdbc;
    private final ProjectionVersions versions;
    private final ReportingProperties properties;
    private final Clock clock;

    public SequenceGaps(JdbcTemplate jdbc, ProjectionVersions versions, ReportingProperties properties, Clock clock,
                        MeterRegistry meters) {
        this.jdbc = jdbc;
        this.versions = versions;
        this.properties = properties;
        this.clock = clock;
        Gauge.builder("reporting.events.held", this, g -> g.snapshot().heldEvents())
                .description("Case events held until an earlier event of their case arrives").register(meters);
        Gauge.builder("reporting.events.gaps.stale", this, g -> g.snapshot().staleGaps())
                .description("Cases whose sequence gap is older than reporting.gap-timeout").register(meters);
        Gauge.builder("reporting.events.parked", this, g -> g.snapshot().parkedEvents())
                .description("Records parked with a reason in the active projection version").register(meters);
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
