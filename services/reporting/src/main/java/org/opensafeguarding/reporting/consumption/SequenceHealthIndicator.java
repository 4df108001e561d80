package org.opensafeguarding.reporting.consumption;

import org.opensafeguarding.reporting.ReportingProperties;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.stereotype.Component;

/**
 * {@code eventSequence}: DOWN while any case has a gap older than the timeout, because its figures are then
 * incomplete. Parked records are counted but do not fail health: each is recorded with its reason for an operator.
 */
@Component("eventSequence")
public class SequenceHealthIndicator extends AbstractHealthIndicator {

    private final SequenceGaps gaps;
    private final ReportingProperties properties;

    public SequenceHealthIndicator(SequenceGaps gaps, ReportingProperties properties) {
        super("Event sequence check failed");
        this.gaps = gaps;
        this.properties = properties;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        SequenceGaps.Snapshot s = gaps.snapshot();
        builder.status(s.staleGaps() > 0 ? "DOWN" : "UP")
                .withDetail("projectionVersion", s.version())
                .withDetail("heldEvents", s.heldEvents())
                .withDetail("staleGaps", s.staleGaps())
                .withDetail("gapTimeout", properties.gapTimeout().toString())
                .withDetail("parkedEvents", s.parkedEvents());
        if (s.oldestHeldSince() != null) {
            builder.withDetail("oldestHeldSince", s.oldestHeldSince().toString());
        }
    }
}
