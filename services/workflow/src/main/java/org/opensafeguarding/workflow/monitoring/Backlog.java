package org.opensafeguarding.workflow.monitoring;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.opensafeguarding.workflow.engine.EngineCommandProperties;
import org.opensafeguarding.workflow.failure.Failures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

/**
 * What waits in the service's own tables, counted in one statement every {@code safeguarding.monitoring.refresh}:
 * unpublished outbox rows and receipts, engine commands not yet carried out or refused, open deadlines past due. Gauges and
 * health read the last count, so a scrape never queries the database and answers while it is away.
 */
@Component
public class Backlog {

    private static final Logger log = LoggerFactory.getLogger(Backlog.class);

    /**
     * @param oldestOutboxAge  age of the oldest unpublished case event, zero when there is none
     * @param oldestReceiptAge age of the oldest unpublished referral receipt, zero when there is none
     * @param commandsPastLease engine commands still pending one lease after they were recorded
     * @param overdueDeadlines open deadlines more than the grace past due
     * @param refusedCommands  engine commands the engine refused, parked until an operator sends them again
     */
    public record Snapshot(Instant countedAt, long unpublishedOutbox, Duration oldestOutboxAge,
                           long unpublishedReceipts, Duration oldestReceiptAge, long pendingCommands,
                           long commandsPastLease, Duration oldestCommandAge, long overdueDeadlines,
                           long refusedCommands) {
    }

    private final JdbcClient jdbc;
    private final Clock clock;
    private final EngineCommandProperties commands;
    private final MonitoringProperties properties;
    private volatile Snapshot last;

    public Backlog(JdbcClient jdbc, Clock clock, EngineCommandProperties commands, MonitoringProperties properties,
                   MeterRegistry meters) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.commands = commands;
        this.properties = properties;
        gauge(meters, "safeguarding.outbox.unpublished", "outbox", "case-events", "Case events not yet on Kafka",
                s -> s.unpublishedOutbox());
        gauge(meters, "safeguarding.outbox.oldest.age", "outbox", "case-events",
                "Seconds the oldest unpublished case event has waited", s -> seconds(s.oldestOutboxAge()));
        gauge(meters, "safeguarding.outbox.unpublished", "outbox", "referral-receipts",
                "Referral receipts not yet on Kafka", s -> s.unpublishedReceipts());
        gauge(meters, "safeguarding.outbox.oldest.age", "outbox", "referral-receipts",
                "Seconds the oldest unpublished referral receipt has waited", s -> seconds(s.oldestReceiptAge()));
        gauge(meters, "safeguarding.engine.commands.pending", null, null,
                "Engine commands (starts, correlations, messages) recorded and not yet carried out", s -> s.pendingCommands());
        gauge(meters, "safeguarding.engine.commands.past.lease", null, null,
                "Engine commands still pending one lease after they were recorded", s -> s.commandsPastLease());
        gauge(meters, "safeguarding.engine.commands.oldest.age", null, null,
                "Seconds the oldest pending engine command has waited", s -> seconds(s.oldestCommandAge()));
        gauge(meters, "safeguarding.engine.commands.refused", null, null,
                "Engine commands the engine refused, parked until an operator sends them again", s -> s.refusedCommands());
        gauge(meters, "safeguarding.deadlines.overdue", null, null,
                "Open deadlines past due by more than the grace: breached, not yet marked", s -> s.overdueDeadlines());
    }

    private void gauge(MeterRegistry meters, String name, String tag, String value, String description,
                       ToDoubleFunction<Snapshot> figure) {
        Gauge.Builder<Backlog> builder = Gauge.builder(name, this, b -> b.last == null ? Double.NaN
                : figure.applyAsDouble(b.last)).description(description);
        if (tag != null) {
            builder.tag(tag, value);
        }
        builder.register(meters);
    }

    private static double seconds(Duration age) {
        return age.toMillis() / 1000.0;
    }

    /** The last count, empty until one has succeeded. */
    public Optional<Snapshot> current() {
        return Optional.ofNullable(last);
    }

    @Scheduled(fixedDelayString = "${safeguarding.monitoring.refresh:15s}", initialDelay = 0)
    public void refresh() {
        try {
            last = count();
        } catch (RuntimeException e) {
            // the last count stands; the db health component reports the database itself
            log.debug("backlog not recounted: {}", Failures.describe(e));
        }
    }

    Snapshot count() {
        // rows stamped by the database (created_at) are aged by its clock; deadlines are business dates, aged by the
        // service's clock (which a replay pins to the past)
        Instant overdueBefore = clock.instant().minus(properties.deadlineGrace());
        return jdbc.sql("""
                        SELECT now() AS db_now,
                          (SELECT count(*) FROM outbox_event WHERE published_at IS NULL) AS outbox_n,
                          (SELECT created_at FROM outbox_event WHERE published_at IS NULL ORDER BY id LIMIT 1) AS outbox_oldest,
                          (SELECT count(*) FROM referral_receipt WHERE published_at IS NULL) AS receipt_n,
                          (SELECT created_at FROM referral_receipt WHERE published_at IS NULL ORDER BY id LIMIT 1) AS receipt_oldest,
                          (SELECT count(*) FROM engine_command WHERE status = 'PENDING') AS command_n,
                          (SELECT count(*) FROM engine_command WHERE status = 'PENDING'
                             AND created_at < now() - make_interval(secs => :leaseSeconds)) AS command_late,
                          (SELECT min(created_at) FROM engine_command WHERE status = 'PENDING') AS command_oldest,
                          (SELECT count(*) FROM case_deadline WHERE status = 'OPEN' AND due_at < :overdueBefore) AS overdue,
                          (SELECT count(*) FROM engine_command WHERE status = 'REFUSED') AS command_refused
                        """)
                .param("leaseSeconds", commands.lease().toMillis() / 1000.0)
                .param("overdueBefore", Timestamp.from(overdueBefore))
                .query((rs, n) -> {
                    Instant now = rs.getTimestamp("db_now").toInstant();
                    return new Snapshot(clock.instant(), rs.getLong("outbox_n"), age(rs, "outbox_oldest", now),
                            rs.getLong("receipt_n"), age(rs, "receipt_oldest", now), rs.getLong("command_n"),
                            rs.getLong("command_late"), age(rs, "command_oldest", now), rs.getLong("overdue"),
                            rs.getLong("command_refused"));
                })
                .single();
    }

    private static Duration age(ResultSet rs, String column, Instant now) throws SQLException {
        Timestamp at = rs.getTimestamp(column);
        if (at == null) {
            return Duration.ZERO;
        }
        Duration age = Duration.between(at.toInstant(), now);
        return age.isNegative() ? Duration.ZERO : age;
    }
}
