package org.opensafeguarding.workflow.monitoring;

import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.function.BiConsumer;

/**
 * Health components read from the last {@link Backlog} count (docs/operations.md, "Metrics and health"):
 * {@code outbox} DOWN while events wait longer than {@code outbox-max-age}, {@code engineCommands} DEGRADED while
 * commands are pending past their lease or any is refused, {@code deadlines} DEGRADED while open deadlines are overdue. UNKNOWN until a
 * count has succeeded (the {@code db} component then says why).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(MonitoringProperties.class)
class BacklogHealth {

    @Bean("outboxHealthIndicator")
    HealthIndicator outbox(Backlog backlog, MonitoringProperties properties) {
        return fromSnapshot(backlog, (s, health) -> {
            boolean late = s.oldestOutboxAge().compareTo(properties.outboxMaxAge()) > 0
                    || s.oldestReceiptAge().compareTo(properties.outboxMaxAge()) > 0;
            health.status(late ? Status.DOWN : Status.UP)
                    .withDetail("unpublishedCaseEvents", s.unpublishedOutbox())
                    .withDetail("oldestCaseEventAge", s.oldestOutboxAge().toString())
                    .withDetail("unpublishedReceipts", s.unpublishedReceipts())
                    .withDetail("oldestReceiptAge", s.oldestReceiptAge().toString())
                    .withDetail("maxAge", properties.outboxMaxAge().toString());
        });
    }

    @Bean("engineCommandsHealthIndicator")
    HealthIndicator engineCommands(Backlog backlog, MonitoringProperties properties) {
        return fromSnapshot(backlog, (s, health) -> health
                // a refused command waits for an operator, however few there are
                .status(s.commandsPastLease() > properties.engineCommandsDegradedAbove() || s.refusedCommands() > 0
                        ? Degraded.STATUS : Status.UP)
                .withDetail("pending", s.pendingCommands())
                .withDetail("refused", s.refusedCommands())
                .withDetail("pastLease", s.commandsPastLease())
                .withDetail("oldestAge", s.oldestCommandAge().toString())
                .withDetail("degradedAbove", properties.engineCommandsDegradedAbove()));
    }

    @Bean("deadlinesHealthIndicator")
    HealthIndicator deadlines(Backlog backlog, MonitoringProperties properties) {
        return fromSnapshot(backlog, (s, health) -> health
                .status(s.overdueDeadlines() > properties.deadlinesDegradedAbove() ? Degraded.STATUS : Status.UP)
                .withDetail("overdueOpen", s.overdueDeadlines())
                .withDetail("grace", properties.deadlineGrace().toString())
                .withDetail("degradedAbove", properties.deadlinesDegradedAbove()));
    }

    private static HealthIndicator fromSnapshot(Backlog backlog, BiConsumer<Backlog.Snapshot, Health.Builder> judge) {
        return new AbstractHealthIndicator("backlog health check failed") {
            @Override
            protected void doHealthCheck(Health.Builder builder) {
                backlog.current().ifPresentOrElse(s -> {
                    judge.accept(s, builder);
                    builder.withDetail("countedAt", s.countedAt().toString());
                }, () -> builder.unknown().withDetail("reason", "not counted yet"));
            }
        };
    }
}
