package org.opensafeguarding.workflow.intake;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.util.unit.DataSize;

import java.time.Duration;
import java.time.LocalDate;

/**
 * @param maxRecordSize       largest referral accepted, as raw bytes of the CloudEvent; bigger ones are rejected
 *                            as too-large (a referral is structured data, attachments travel another way)
 * @param defaultTenant       a partnership every deployment knows (besides {@code safeguarding.tenancy.tenants});
 *                            it is <em>not</em> filled in for a referral without {@code tenantid}: the sender's
 *                            registration or token says the tenant, or the referral is refused (docs/events.md)
 * @param retryInitial        first pause before a referral that failed for a transient reason is tried again
 * @param retryMax            longest pause between retries; a transient failure is retried for as long as it takes,
 *                            so such a record is never dead-lettered
 * @param maxJsonDepth        deepest nesting of objects and arrays in a record (Kafka and REST); deeper is
 *                            {@code invalid-json}, rule {@code max-depth}
 * @param quarantineRetention how long a rejected record's bytes are kept in {@code referral_quarantine}
 * @param quarantinePurgeBatch rows deleted per statement by the retention purge
 * @param clockSkew           how far past now a referral's date or date-time may be (the sender's clock may run
 *                            ahead); a date-only field is compared with today in London at now plus this
 * @param earliestDate        no referral date may be before this ({@code date-floor}); catches year 0000 and typos
 * @param permanentFailureRetries how many more times a Kafka record is tried after a failure retrying cannot fix
 *                            (the database refused it, our code failed on it) before it is quarantined as
 *                            {@code storage-refused} / {@code processing-failed} and its partition moves on
 * @param stuckAfter          a Kafka record still failing (for any reason) this long after its first failure makes
 *                            the {@code intake} health DOWN: its partition is stuck
 * @param stuckAttempts       ... or after this many attempts, whichever comes first
 * @param healthRefresh       how often the {@code intake} health recounts the unacknowledged quarantine entries (it
 *                            also recounts after each quarantine and acknowledgement), so that health never waits
 *                            on the database
 */
@ConfigurationProperties("safeguarding.intake")
public record IntakeProperties(DataSize maxRecordSize, String defaultTenant, Duration retryInitial, Duration retryMax,
                               Integer maxJsonDepth, Duration quarantineRetention, Integer quarantinePurgeBatch,
                               Duration clockSkew, LocalDate earliestDate,
                               Integer permanentFailureRetries, Duration stuckAfter, Integer stuckAttempts,
                               Duration healthRefresh) {

    @ConstructorBinding
    public IntakeProperties {
        maxRecordSize = maxRecordSize == null ? DataSize.ofKilobytes(256) : maxRecordSize;
        defaultTenant = defaultTenant == null || defaultTenant.isBlank() ? "default" : defaultTenant;
        retryInitial = retryInitial == null ? Duration.ofMillis(500) : retryInitial;
        retryMax = retryMax == null ? Duration.ofSeconds(30) : retryMax;
        maxJsonDepth = maxJsonDepth == null ? 32 : maxJsonDepth;
        quarantineRetention = quarantineRetention == null ? Duration.ofDays(90) : quarantineRetention;
        quarantinePurgeBatch = quarantinePurgeBatch == null ? 500 : quarantinePurgeBatch;
        clockSkew = clockSkew == null ? Duration.ofMinutes(10) : clockSkew;
        earliestDate = earliestDate == null ? LocalDate.of(1900, 1, 1) : earliestDate;
        if (clockSkew.isNegative()) {
            throw new IllegalArgumentException("safeguarding.intake.clock-skew must not be negative, not " + clockSkew);
        }
        permanentFailureRetries = permanentFailureRetries == null ? 3 : permanentFailureRetries;
        stuckAfter = stuckAfter == null ? Duration.ofMinutes(2) : stuckAfter;
        stuckAttempts = stuckAttempts == null ? 10 : stuckAttempts;
        healthRefresh = healthRefresh == null ? Duration.ofSeconds(10) : healthRefresh;
        if (permanentFailureRetries < 0) {
            throw new IllegalArgumentException("safeguarding.intake.permanent-failure-retries must not be negative");
        }
        if (quarantineRetention.isNegative() || quarantineRetention.isZero()) {
            throw new IllegalArgumentException("safeguarding.intake.quarantine-retention must be positive, not "
                    + quarantineRetention);
        }
    }

    /** The settings before issue 10, the rest defaulted; kept for tests and tools that name them positionally. */
    public IntakeProperties(DataSize maxRecordSize, String defaultTenant, Duration retryInitial, Duration retryMax,
                            Integer maxJsonDepth, Duration quarantineRetention, Integer quarantinePurgeBatch) {
        this(maxRecordSize, defaultTenant, retryInitial, retryMax, maxJsonDepth, quarantineRetention,
                quarantinePurgeBatch, null, null, null, null, null, null);
    }

    /** The settings with the semantic rules' two, the rest defaulted. */
    public IntakeProperties(DataSize maxRecordSize, String defaultTenant, Duration retryInitial, Duration retryMax,
                            Integer maxJsonDepth, Duration quarantineRetention, Integer quarantinePurgeBatch,
                            Duration clockSkew, LocalDate earliestDate) {
        this(maxRecordSize, defaultTenant, retryInitial, retryMax, maxJsonDepth, quarantineRetention,
                quarantinePurgeBatch, clockSkew, earliestDate, null, null, null, null);
    }

    /** The settings every test and tool starts from; the service binds {@code safeguarding.intake.*}. */
    public static IntakeProperties defaults() {
        return new IntakeProperties(null, null, null, null, null, null, null, null, null, null, null, null, null);
    }
}
