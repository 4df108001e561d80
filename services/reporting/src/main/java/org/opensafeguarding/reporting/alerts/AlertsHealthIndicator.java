package org.opensafeguarding.reporting.alerts;

import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.Map;

/**
 * {@code alerts}: counts of deliveries by state. A FAILED delivery does not take the service down (it is kept, and
 * shown here with the oldest one's alert id, for an operator to act on); the status stays UP.
 */
public class AlertsHealthIndicator extends AbstractHealthIndicator {

    private final JdbcTemplate jdbc;

    public AlertsHealthIndicator(JdbcTemplate jdbc) {
        super("Alert delivery check failed");
        this.jdbc = jdbc;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        Map<String, Object> c = jdbc.queryForMap("SELECT count(*) FILTER (WHERE state = 'PENDING') AS pending, "
                + "count(*) FILTER (WHERE state = 'DELIVERED') AS delivered, "
                + "count(*) FILTER (WHERE state = 'FAILED') AS failed, "
                + "min(alert_id) FILTER (WHERE state = 'FAILED') AS oldest_failed FROM alert_delivery");
        builder.up().withDetail("pending", c.get("pending")).withDetail("delivered", c.get("delivered"))
                .withDetail("failed", c.get("failed"));
        if (c.get("oldest_failed") != null) {
            builder.withDetail("oldestFailedAlert", c.get("oldest_failed"));
        }
    }
}
