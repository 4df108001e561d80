package org.opensafeguarding.reporting.monitoring;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.opensafeguarding.reporting.consumption.ProjectionVersions;
import org.opensafeguarding.reporting.consumption.SequenceGaps;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.function.ToDoubleFunction;

/**
 * The reporting service's gauges (docs/operations.md, "Metrics and health"), recounted every
 * {@code reporting.monitoring.refresh} so a scrape never queries the database: events held behind a gap, stale gaps,
 * parked records (all and recent), deadlines breached and open past due in the active projection version.
 */
@Component
@EnableConfigurationProperties(MonitoringProperties.class)
public class ReportingFigures {

    private static final Logger log = LoggerFactory.getLogger(ReportingFigures.class);
    private static final ZoneId LONDON = ZoneId.of("Europe/London");

    public record Figures(SequenceGaps.Snapshot gaps, long recentlyParked, long breachedDeadlines,
                          long overdueDeadlines) {
    }

    private final SequenceGaps gaps;
    private final ProjectionVersions versions;
    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final MonitoringProperties properties;
    private volatile Figures last;

    public ReportingFigures(SequenceGaps gaps, ProjectionVersions versions, JdbcTemplate jdbc, Clock clock,
                            MonitoringProperties properties, MeterRegistry meters) {
        this.gaps = gaps;
        this.versions = versions;
        this.jdbc = jdbc;
        this.clock = clock;
        this.properties = properties;
        gauge(meters, "reporting.events.held", "Case events held until an earlier event of their case arrives",
                f -> f.gaps().heldEvents());
        gauge(meters, "reporting.events.gaps.stale", "Cases whose sequence gap is older than reporting.gap-timeout",
                f -> f.gaps().staleGaps());
        gauge(meters, "reporting.events.parked", "Records parked with a reason in the active projection version",
                f -> f.gaps().parkedEvents());
        gauge(meters, "reporting.events.parked.recent", "Records parked within reporting.monitoring.parked-window",
                f -> f.recentlyParked());
        gauge(meters, "reporting.deadlines.breached", "Deadlines breached, in the active projection version",
                f -> f.breachedDeadlines());
        gauge(meters, "reporting.deadlines.overdue", "Open deadlines past their due date, in the active projection version",
                f -> f.overdueDeadlines());
    }

    private void gauge(MeterRegistry meters, String name, String description, ToDoubleFunction<Figures> figure) {
        Gauge.builder(name, this, r -> r.last == null ? Double.NaN : figure.applyAsDouble(r.last))
                .description(description).register(meters);
    }

    @Scheduled(fixedDelayString = "${reporting.monitoring.refresh:PT15S}", initialDelay = 0)
    public void refresh() {
        try {
            last = count();
        } catch (RuntimeException e) {
            // the last count stands; the db health component reports the database itself
            log.debug("reporting figures not recounted: {}", e.getClass().getSimpleName());
        }
    }

    /** Counts now (health calls this; gauges read the last count). */
    public Figures count() {
        SequenceGaps.Snapshot snapshot = gaps.snapshot();
        int version = versions.active();
        LocalDate today = LocalDate.ofInstant(clock.instant(), LONDON);
        Figures figures = jdbc.queryForObject("SELECT "
                        + "(SELECT count(*) FROM parked_event WHERE projection_version = ? AND parked_at >= ?) AS recent, "
                        + "(SELECT count(*) FROM deadline WHERE projection_version = ? AND state = 'BREACHED') AS breached, "
                        + "(SELECT count(*) FROM deadline WHERE projection_version = ? AND state = 'OPEN' "
                        + "  AND due_on < ?) AS overdue",
                (rs, n) -> new Figures(snapshot, rs.getLong("recent"), rs.getLong("breached"), rs.getLong("overdue")),
                version, Timestamp.from(clock.instant().minus(properties.parkedWindow())), version, version,
                Date.valueOf(today));
        last = figures;
        return figures;
    }
}
