package org.opensafeguarding.workflow.operations;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.opensafeguarding.workflow.monitoring.Degraded;
import org.opensafeguarding.workflow.monitoring.MonitoringProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;

/**
 * The engine's open incidents as the operator page sees them, counted every
 * {@code safeguarding.monitoring.incidents-refresh}: gauge {@code safeguarding.engine.incidents.open} and health
 * component {@code incidents}, DEGRADED while there are more than {@code incidents-degraded-above} (each needs an
 * operator), UNKNOWN while the engine cannot be asked.
 */
@Component("incidentsHealthIndicator")
class OpenIncidents extends AbstractHealthIndicator {

    private static final Logger log = LoggerFactory.getLogger(OpenIncidents.class);

    private record Count(long open, Instant countedAt) {
    }

    private final EngineIncidents incidents;
    private final MonitoringProperties properties;
    private final Clock clock;
    private volatile Count last;
    private volatile boolean engineAnswered;

    OpenIncidents(EngineIncidents incidents, MonitoringProperties properties, Clock clock, MeterRegistry meters) {
        super("incident count failed");
        this.incidents = incidents;
        this.properties = properties;
        this.clock = clock;
        Gauge.builder("safeguarding.engine.incidents.open", this, o -> o.last == null ? Double.NaN : o.last.open())
                .description("Active incidents in the engine, as last counted").register(meters);
    }

    @Scheduled(fixedDelayString = "${safeguarding.monitoring.incidents-refresh:30s}", initialDelay = 0)
    void refresh() {
        try {
            last = new Count(incidents.activeCount(), clock.instant());
            engineAnswered = true;
        } catch (RuntimeException e) {
            engineAnswered = false;
            log.debug("open incidents not counted: {}", e.getClass().getSimpleName());
        }
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        Count count = last;
        if (count == null) {
            builder.unknown().withDetail("reason", "the engine has not been asked yet or did not answer");
            return;
        }
        builder.status(count.open() > properties.incidentsDegradedAbove() ? Degraded.STATUS : Status.UP)
                .withDetail("open", count.open())
                .withDetail("countedAt", count.countedAt().toString())
                .withDetail("lastCountSucceeded", engineAnswered)
                .withDetail("degradedAbove", properties.incidentsDegradedAbove());
    }
}
