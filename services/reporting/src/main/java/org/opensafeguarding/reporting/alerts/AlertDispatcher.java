package org.opensafeguarding.reporting.alerts;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Attempts the deliveries that are due. A failure waits {@code backoff}, then twice that, and so on; after
 * {@code max-attempts} the delivery is FAILED and stays in the table (health {@code alerts} counts it). A delivery
 * being attempted is leased (its next attempt pushed past the timeout) so a second instance does not send it too.
 */
public class AlertDispatcher {

    private static final Logger log = LoggerFactory.getLogger(AlertDispatcher.class);

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final AlertProperties properties;
    private final Map<String, AlertChannel> channels;

    public AlertDispatcher(JdbcTemplate jdbc, Clock clock, AlertProperties properties, List<AlertChannel> channels) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.properties = properties;
        this.channels = channels.stream().collect(Collectors.toMap(AlertChannel::name, Function.identity()));
    }

    /** Returns how many deliveries were attempted. */
    public synchronized int dispatch() {
        Instant now = clock.instant();
        Instant lease = now.plus(properties.webhook().timeout().multipliedBy(3));
        List<Map<String, Object>> due = jdbc.queryForList("UPDATE alert_delivery d SET next_attempt_at = ? "
                + "FROM alert a WHERE a.id = d.alert_id AND (d.alert_id, d.channel) IN (SELECT alert_id, channel "
                + "FROM alert_delivery WHERE state = 'PENDING' AND next_attempt_at <= ? ORDER BY next_attempt_at "
                + "LIMIT 100 FOR UPDATE SKIP LOCKED) RETURNING d.alert_id, d.channel, d.attempts, a.alert_key, a.kind, "
                + "a.tenant, a.team, a.payload, a.raised_at", Timestamp.from(lease), Timestamp.from(now));
        for (Map<String, Object> r : due) {
            long id = ((Number) r.get("alert_id")).longValue();
            String channelName = (String) r.get("channel");
            int attempts = ((Number) r.get("attempts")).intValue() + 1;
            AlertChannel.Alert alert = new AlertChannel.Alert(id, (String) r.get("alert_key"),
                    AlertKind.valueOf((String) r.get("kind")), (String) r.get("tenant"), (String) r.get("team"),
                    (String) r.get("payload"), ((Timestamp) r.get("raised_at")).toInstant());
            try {
                AlertChannel channel = channels.get(channelName);
                if (channel == null) {
                    throw new IllegalStateException("channel " + channelName + " not configured");
                }
                channel.send(alert);
                jdbc.update("UPDATE alert_delivery SET state = 'DELIVERED', attempts = ?, delivered_at = ?, "
                        + "last_error = NULL WHERE alert_id = ? AND channel = ?", attempts,
                        Timestamp.from(clock.instant()), id, channelName);
            } catch (Exception e) {
                String error = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
                error = error.length() > 300 ? error.substring(0, 300) : error;
                boolean last = attempts >= properties.maxAttempts();
                Duration wait = properties.backoff().multipliedBy(1L << Math.min(attempts - 1, 20));
                jdbc.update("UPDATE alert_delivery SET state = ?, attempts = ?, next_attempt_at = ?, last_error = ? "
                        + "WHERE alert_id = ? AND channel = ?", last ? "FAILED" : "PENDING", attempts,
                        Timestamp.from(clock.instant().plus(wait)), error, id, channelName);
                if (last) {
                    log.warn("alert {} via {} FAILED after {} attempts: {}", id, channelName, attempts, error);
                } else {
                    log.info("alert {} via {} attempt {} failed, next in {}: {}", id, channelName, attempts, wait, error);
                }
            }
        }
        return due.size();
    }
}
