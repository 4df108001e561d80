package org.opensafeguarding.workflow.tasklist;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.opensafeguarding.workflow.monitoring.Degraded;
import org.opensafeguarding.workflow.monitoring.MonitoringProperties;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;

/**
 * Task completions the engine would not take (the caseworker's decision is recorded, the engine's task is not
 * completed by it): counter {@code safeguarding.tasklist.completions.refused} by {@code reason}
 * ({@code engine-refused}: the engine answered no; {@code task-ended}: the task had ended without it), and health
 * component {@code taskCompletions}, DEGRADED for {@code refused-completions-window} after one.
 */
@Component("taskCompletionsHealthIndicator")
public class RefusedCompletions extends AbstractHealthIndicator {

    public enum Reason {
        ENGINE_REFUSED("engine-refused"), TASK_ENDED("task-ended");

        private final String code;

        Reason(String code) {
            this.code = code;
        }
    }

    private final Counter engineRefused;
    private final Counter taskEnded;
    private final Clock clock;
    private final MonitoringProperties properties;
    private volatile Instant lastRefusal;

    RefusedCompletions(MeterRegistry meters, Clock clock, MonitoringProperties properties) {
        super("task completion check failed");
        this.clock = clock;
        this.properties = properties;
        this.engineRefused = counter(meters, Reason.ENGINE_REFUSED);
        this.taskEnded = counter(meters, Reason.TASK_ENDED);
    }

    private static Counter counter(MeterRegistry meters, Reason reason) {
        return Counter.builder("safeguarding.tasklist.completions.refused").tag("reason", reason.code)
                .description("Task completions the engine did not take, since start").register(meters);
    }

    void refused(Reason reason) {
        (reason == Reason.ENGINE_REFUSED ? engineRefused : taskEnded).increment();
        lastRefusal = clock.instant();
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        Instant last = lastRefusal;
        boolean recent = last != null && last.plus(properties.refusedCompletionsWindow()).isAfter(clock.instant());
        builder.status(recent ? Degraded.STATUS : Status.UP)
                .withDetail("refusedSinceStart", (long) (engineRefused.count() + taskEnded.count()))
                .withDetail("window", properties.refusedCompletionsWindow().toString());
        if (last != null) {
            builder.withDetail("lastRefusedAt", last.toString());
        }
    }
}
