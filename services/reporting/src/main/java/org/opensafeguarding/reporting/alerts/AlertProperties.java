package org.opensafeguarding.reporting.alerts;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;
import java.time.Period;
import java.util.Map;

/**
 * {@code reporting.alerts.*}; off by default. docs/reporting.md explains each.
 *
 * @param enabled                 raise and deliver alerts at all
 * @param checkInterval           how often the projections are checked and due deliveries attempted
 * @param breachLookback          a breach is alerted only if it happened within this many days of today, so turning
 *                                alerts on over years of history does not send every old breach
 * @param escalationWorkingDays   an {@code Escalate} task still open or assigned (not completed, not canceled) this
 *                                many working days after it was created is unanswered
 * @param escalationTaskType      the task type of the deadline-escalation process's task
 * @param stagePeriod             the rolling period (ending today) over which a stage's p90 is measured
 * @param stageTargets            target in working days per task type; a task type without one is not checked
 * @param stageMinimumCount       a p90 over fewer completed stages than this is not judged
 * @param maxAttempts             deliveries tried at most this many times, then FAILED (kept, shown in health)
 * @param backoff                 the wait after the first failure; doubled after each further one
 * @param webhook                 per tenant: the URL and (optionally) the HMAC secret
 * @param email                   per tenant: the manager's address, by team
 */
@ConfigurationProperties("reporting.alerts")
public record AlertProperties(
        @DefaultValue("false") boolean enabled,
        @DefaultValue("PT1M") Duration checkInterval,
        @DefaultValue("P7D") Period breachLookback,
        @DefaultValue("2") int escalationWorkingDays,
        @DefaultValue("Escalate") String escalationTaskType,
        @DefaultValue("P90D") Period stagePeriod,
        Map<String, Integer> stageTargets,
        @DefaultValue("5") int stageMinimumCount,
        @DefaultValue("5") int maxAttempts,
        @DefaultValue("PT1M") Duration backoff,
        @DefaultValue Webhook webhook,
        @DefaultValue Email email) {

    public AlertProperties {
        stageTargets = stageTargets == null ? Map.of() : Map.copyOf(stageTargets);
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("reporting.alerts.max-attempts must be at least 1");
        }
    }

    /**
     * @param tenants  per tenant: {@code url} and {@code secret} (the secret signs the body, header
     *                 {@code X-Safeguarding-Signature: sha256=<hex HMAC-SHA256>}; set it from the environment)
     * @param timeout  connect and answer timeout of one attempt
     */
    public record Webhook(Map<String, Target> tenants, @DefaultValue("PT10S") Duration timeout) {
        public Webhook {
            tenants = tenants == null ? Map.of() : Map.copyOf(tenants);
        }
    }

    public record Target(String url, String secret) {
    }

    /**
     * @param from     the sender address
     * @param tenants  per tenant: {@code manager} (any team) and {@code teams} (team code, e.g. LADO, to address)
     */
    public record Email(String from, Map<String, Recipients> tenants) {
        public Email {
            tenants = tenants == null ? Map.of() : Map.copyOf(tenants);
        }
    }

    public record Recipients(String manager, Map<String, String> teams) {
        public Recipients {
            teams = teams == null ? Map.of() : Map.copyOf(teams);
        }

        String forTeam(String team) {
            String address = teams.get(team);
            return address != null && !address.isBlank() ? address : manager;
        }
    }
}
