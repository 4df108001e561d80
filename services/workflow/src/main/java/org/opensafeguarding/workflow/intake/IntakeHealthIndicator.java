package org.opensafeguarding.workflow.intake;

import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.List;

/**
 * The {@code intake} component of {@code /actuator/health}: {@code DOWN} while a Kafka partition is stuck (a record
 * still failing after {@code safeguarding.intake.stuck-after} or {@code stuck-attempts}), {@code DEGRADED} (HTTP 200)
 * while quarantine entries exist that no operator has acknowledged, else {@code UP}. Details are counts only.
 */
@Component
class IntakeHealthIndicator extends AbstractHealthIndicator {

    /** Working, but something needs a person: answered with 200, ordered between DOWN and UP (workflow.yml). */
    static final Status DEGRADED = new Status("DEGRADED", "quarantined referrals wait for an operator's acknowledgement");

    private final KafkaRetries retries;
    private final ParkedRecords parked;
    private final IntakeProperties properties;

    IntakeHealthIndicator(KafkaRetries retries, ParkedRecords parked, IntakeProperties properties) {
        super("intake health check failed");
        this.retries = retries;
        this.parked = parked;
        this.properties = properties;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        // an entry not tried again for this long belongs to a partition this instance no longer has
        Duration recent = properties.retryMax().multipliedBy(3).plus(properties.stuckAfter());
        List<KafkaRetries.Failing> stuck = retries.stuck(properties.stuckAfter(), properties.stuckAttempts(), recent);
        int retrying = retries.current(recent).size();
        ParkedRecords.Count count = parked.current();
        builder.withDetail("stuckPartitions", stuck.size()).withDetail("retryingRecords", retrying);
        if (count.known()) {
            builder.withDetail("unacknowledgedQuarantined", count.total())
                    .withDetail("unacknowledgedByReason", count.byReason());
        }
        if (!stuck.isEmpty()) {
            builder.status(Status.DOWN);
        } else if (count.total() > 0) {
            builder.status(DEGRADED);
        } else {
            builder.up();
        }
    }
}
