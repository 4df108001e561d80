package org.opensafeguarding.reporting.monitoring;

import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;
import org.springframework.stereotype.Component;

/**
 * Health component {@code parkedEvents}: DEGRADED (HTTP 200) while a record was parked within
 * {@code reporting.monitoring.parked-window}, since its figures are missing until an operator looks
 * ({@code GET /api/operations/events}); UP otherwise. The projections go on with the other records either way.
 */
@Component("parkedEventsHealthIndicator")
public class ParkedEventsHealthIndicator extends AbstractHealthIndicator {

    /** Working, but something needs a person: ordered between DOWN and UP (reporting.yml). */
    public static final Status DEGRADED = new Status("DEGRADED");

    private final ReportingFigures figures;
    private final MonitoringProperties properties;

    public ParkedEventsHealthIndicator(ReportingFigures figures, MonitoringProperties properties) {
        super("parked events check failed");
        this.figures = figures;
        this.properties = properties;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        ReportingFigures.Figures f = figures.count();
        builder.status(f.recentlyParked() > 0 ? DEGRADED : Status.UP)
                .withDetail("parkedRecently", f.recentlyParked())
                .withDetail("window", properties.parkedWindow().toString())
                .withDetail("parkedInActiveVersion", f.gaps().parkedEvents());
    }
}
