package org.opensafeguarding.workflow.intake;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Hands each record on {@code safeguarding.referrals.v1} to the intake; errors are the container's business. */
@Component
class KafkaReferralListener {

    private static final Logger log = LoggerFactory.getLogger(KafkaReferralListener.class);

    private final ReferralIntake intake;

    KafkaReferralListener(ReferralIntake intake) {
        this.intake = intake;
    }

    @KafkaListener(id = "referral-intake", idIsGroup = false, topics = "${safeguarding.topics.referrals:safeguarding.referrals.v1}",
            containerFactory = KafkaIntakeConfiguration.CONTAINER_FACTORY,
            concurrency = "${safeguarding.intake.consumers:1}")
    void onReferral(ConsumerRecord<String, byte[]> record) {
        try {
            IntakeResult result = intake.accept(record.value(), Channel.KAFKA, "kafka:" + record.topic());
            if (result.replay()) {
                log.info("referral {} delivered again ({}-{}@{}); case {} unchanged", result.eventId(),
                        record.topic(), record.partition(), record.offset(), result.caseId());
            }
        } catch (ReferralRejectedException e) {
            log.warn("referral at {}-{}@{} rejected ({} {} {}): sending it to the dead-letter topic", record.topic(),
                    record.partition(), record.offset(), e.reason().code(), e.field(), e.rule());
            throw e;
        }
    }
}
