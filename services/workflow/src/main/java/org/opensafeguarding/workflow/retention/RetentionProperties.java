package org.opensafeguarding.workflow.retention;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * How long finished bookkeeping rows are kept (docs/operations.md, "Retention"). Each table has its own setting.
 *
 * @param outboxEvents    published case events ({@code outbox_event}); the topic and {@code case_event_log} are the
 *                        record afterwards
 * @param referralReceipts published referral receipts ({@code referral_receipt})
 * @param engineCommands  engine commands carried out ({@code engine_command} DONE)
 * @param workerJobs      the workers' job receipts ({@code worker_job}); a job delivered again after this long would
 *                        be worked again, so keep it well beyond the longest a job can stay open in the engine
 * @param batchSize       rows deleted per statement, so a sweep never holds long locks
 * @param interval        pause between sweeps
 */
@ConfigurationProperties("safeguarding.retention")
public record RetentionProperties(Duration outboxEvents, Duration referralReceipts, Duration engineCommands,
                                  Duration workerJobs, Integer batchSize, Duration interval) {

    public RetentionProperties {
        outboxEvents = positive("outbox-events", outboxEvents, Duration.ofDays(7));
        referralReceipts = positive("referral-receipts", referralReceipts, Duration.ofDays(7));
        engineCommands = positive("engine-commands", engineCommands, Duration.ofDays(30));
        workerJobs = positive("worker-jobs", workerJobs, Duration.ofDays(90));
        batchSize = batchSize == null ? 1000 : batchSize;
        if (batchSize < 1) {
            throw new IllegalArgumentException("safeguarding.retention.batch-size must be at least 1, not " + batchSize);
        }
        interval = positive("interval", interval, Duration.ofHours(1));
    }

    private static Duration positive(String name, Duration value, Duration fallback) {
        if (value == null) {
            return fallback;
        }
        if (value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException("safeguarding.retention." + name + " must be positive, not " + value);
        }
        return value;
    }
}
