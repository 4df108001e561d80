package org.opensafeguarding.reporting.alerts;

/** A way to tell a manager: webhook or email. */
public interface AlertChannel {

    /** WEBHOOK or EMAIL, as in {@code alert_delivery.channel}. */
    String name();

    /** Whether this tenant (and team) has somewhere to send to; decided when the alert is raised. */
    boolean configuredFor(String tenant, String team);

    /** Sends once; throws if the other end did not take it. */
    void send(Alert alert) throws Exception;

    /** An alert as stored: the payload is the JSON object of allowed fields. */
    record Alert(long id, String key, AlertKind kind, String tenant, String team, String payload,
                 java.time.Instant raisedAt) {
    }
}
