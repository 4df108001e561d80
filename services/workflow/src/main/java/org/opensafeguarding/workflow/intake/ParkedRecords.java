package org.opensafeguarding.workflow.intake;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.opensafeguarding.workflow.failure.Failures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.util.Map;
import java.util.TreeMap;

/**
 * How many quarantine entries no operator has acknowledged yet, by reason, as last counted. Health reads this and
 * never the database itself, so a health check answers at once while the database is away (the {@code db} component
 * says that). Recounted every {@code safeguarding.intake.health-refresh} and right after each quarantine and
 * acknowledgement.
 */
@Component
class ParkedRecords {

    private static final Logger log = LoggerFactory.getLogger(ParkedRecords.class);

    /** @param known false until a count has succeeded */
    record Count(Map<String, Long> byReason, boolean known) {
        long total() {
            return byReason.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private final JdbcClient jdbc;
    private volatile Count count = new Count(Map.of(), false);

    ParkedRecords(JdbcClient jdbc, MeterRegistry meters) {
        this.jdbc = jdbc;
        // one series per reason code (a fixed list), so a scrape reads the last count and never the database
        for (RejectionReason reason : RejectionReason.values()) {
            Gauge.builder("safeguarding.intake.parked", this, p -> p.current().known()
                            ? p.current().byReason().getOrDefault(reason.code(), 0L) : Double.NaN)
                    .tag("reason", reason.code())
                    .description("Quarantined referrals no operator has acknowledged yet, as last counted")
                    .register(meters);
        }
    }

    Count current() {
        return count;
    }

    @Scheduled(fixedDelayString = "${safeguarding.intake.health-refresh:10s}", initialDelay = 0)
    void refresh() {
        try {
            Map<String, Long> counts = new TreeMap<>();
            jdbc.sql("SELECT reason, count(*) FROM referral_quarantine WHERE acknowledged_at IS NULL GROUP BY reason")
                    .query((rs, n) -> counts.put(rs.getString(1), rs.getLong(2))).list();
            count = new Count(Map.copyOf(counts), true);
        } catch (RuntimeException e) {
            // the last count stands; the db health component reports the database itself
            log.debug("quarantine count not refreshed: {}", Failures.describe(e));
        }
    }
}
