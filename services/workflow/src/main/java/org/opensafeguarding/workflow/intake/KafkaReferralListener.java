package org.opensafeguarding.workflow.intake;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import java.util.UUID;

/**
 * Hands each record on {@code safeguarding.referrals.v1} to the intake. A rejected record is quarantined first (its
 * bytes go to the database, not to the dead-letter topic); only then is the rejection thrown on, for the error handler
 * to publish the reference and commit the offset. If the quarantine cannot be written, that failure is what is thrown:
 * transient, so the record is retried and nothing is lost.
 */
@Component
class KafkaReferralListener {

    private static final Logger log = LoggerFactory.getLogger(KafkaReferralListener.class);

    private final ReferralIntake intake;
    private final ReferralQuarantine quarantine;

    KafkaReferralListener(ReferralIntake intake, ReferralQuarantine quarantine) {
        this.intake = intake;
        this.quarantine = quarantine;
    }

    @KafkaListener(id = "referral-intake", idIsGroup = false, topics = "${safeguarding.topics.referrals:safeguarding.referrals.v1}",
            containerFactory = KafkaIntakeConfiguration.CONTAINER_FACTORY,
            concurrency = "${safeguarding.intake.consumers:1}")
    void onReferral(ConsumerRecord<String, byte[]> record) {
        try {
            IntakeResult result = intake.acceptFromKafka(record.value(), "kafka:" + record.topic());
            if (result.replay()) {
                log.info("referral {} delivered again ({}-{}@{}); case {} unchanged", result.eventId(),
                        record.topic(), record.partition(), record.offset(), result.caseId());
            }
        } catch (ReferralRejectedException e) {
            UUID id = quarantine.quarantine(record, e);
            log.warn("referral at {}-{}@{} rejected ({} {} {}): quarantined as {}, reference to the dead-letter topic",
                    record.topic(), record.partition(), record.offset(), e.reason().code(), e.field(), e.rule(), id);
            throw new QuarantinedReferralException(e, id);
        }
    }
}
