package org.opensafeguarding.workflow.intake;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.opensafeguarding.workflow.failure.Failure;
import org.opensafeguarding.workflow.failure.Failures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import java.util.UUID;

/**
 * Hands each record on {@code safeguarding.referrals.v1} to the intake, and decides what a failure means for it:
 *
 * <ul>
 *   <li>a refusal ({@link ReferralRejectedException}): quarantined at once (its bytes go to the database, not to the
 *       dead-letter topic), then thrown on for the error handler to publish the reference and commit the offset;</li>
 *   <li>a failure retrying cannot fix (the database refused the data, our code failed on it): tried
 *       {@code safeguarding.intake.permanent-failure-retries} more times (a constraint race or a bug fixed by a
 *       redeploy may pass), then quarantined as {@code storage-refused} / {@code processing-failed} like a refusal,
 *       so the partition moves on;</li>
 *   <li>a transient failure (database, broker or engine away): thrown on and retried with back-off for as long as
 *       it takes. If the quarantine itself cannot be written, that is thrown the same way, and nothing is lost.</li>
 * </ul>
 *
 * What is thrown to Spring Kafka is a {@link ReferralNotStoredException} without the original cause, and what is
 * logged is the record's coordinates, the SQLState and the exception class: never the database's words.
 */
@Component
class KafkaReferralListener {

    private static final Logger log = LoggerFactory.getLogger(KafkaReferralListener.class);

    private final ReferralIntake intake;
    private final ReferralQuarantine quarantine;
    private final KafkaRetries retries;
    private final IntakeProperties properties;

    KafkaReferralListener(ReferralIntake intake, ReferralQuarantine quarantine, KafkaRetries retries,
                          IntakeProperties properties) {
        this.intake = intake;
        this.quarantine = quarantine;
        this.retries = retries;
        this.properties = properties;
    }

    @KafkaListener(id = "referral-intake", idIsGroup = false, topics = "${safeguarding.topics.referrals:safeguarding.referrals.v1}",
            containerFactory = KafkaIntakeConfiguration.CONTAINER_FACTORY,
            concurrency = "${safeguarding.intake.consumers:1}")
    void onReferral(ConsumerRecord<String, byte[]> record) {
        ReferralRejectedException refusal;
        try {
            IntakeResult result = intake.acceptFromKafka(record.value(), "kafka:" + record.topic(),
                    ReferralReceipts.Origin.of(record));
            retries.settled(record);
            if (result.replay()) {
                log.info("referral {} delivered again ({}-{}@{}); case {} unchanged", result.eventId(),
                        record.topic(), record.partition(), record.offset(), result.caseId());
            }
            return;
        } catch (ReferralRejectedException e) {
            refusal = e;
        } catch (RuntimeException e) {
            ReferralNotStoredException notStored = e instanceof ReferralNotStoredException n ? n
                    : new ReferralNotStoredException(Failures.classify(e), null);
            Failure failure = notStored.failure();
            int attempt = retries.failed(record, failure);
            if (failure.isTransient() || attempt <= properties.permanentFailureRetries()) {
                log.warn("referral at {}-{}@{} not stored ({}), attempt {}; retrying", record.topic(),
                        record.partition(), record.offset(), failure, attempt);
                throw notStored;
            }
            log.warn("referral at {}-{}@{} not stored ({}) after {} attempts; quarantining it", record.topic(),
                    record.partition(), record.offset(), failure, attempt);
            refusal = notStored.asRejection();
        }
        throw park(record, refusal);
    }

    private QuarantinedReferralException park(ConsumerRecord<String, byte[]> record, ReferralRejectedException refusal) {
        UUID id;
        try {
            id = quarantine.quarantine(record, refusal);
        } catch (RuntimeException e) {
            Failure failure = Failures.classify(e);
            retries.failed(record, new Failure(Failure.Kind.TRANSIENT, failure.sqlState(), failure.exceptionClass()));
            log.warn("referral at {}-{}@{} refused ({}) but not quarantined ({}); retrying", record.topic(),
                    record.partition(), record.offset(), refusal.reason().code(), failure);
            // retried for as long as it takes, whatever the cause: an offset is only committed once the record is kept
            throw new ReferralNotStoredException(new Failure(Failure.Kind.TRANSIENT, failure.sqlState(),
                    failure.exceptionClass()), refusal.eventId());
        }
        retries.settled(record);
        log.warn("referral at {}-{}@{} rejected ({} {} {}): quarantined as {}, reference to the dead-letter topic",
                record.topic(), record.partition(), record.offset(), refusal.reason().code(), refusal.field(),
                refusal.rule(), id);
        return new QuarantinedReferralException(refusal, id);
    }
}
