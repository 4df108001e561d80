package org.opensafeguarding.workflow.intake;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.opensafeguarding.platform.kafka.KafkaClientMeters;
import org.opensafeguarding.workflow.events.TopicProperties;
import org.opensafeguarding.workflow.failure.Failures;
import org.springframework.boot.autoconfigure.kafka.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.opensafeguarding.workflow.kafka.DedicatedProducer;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Kafka side of the intake. Values are read as bytes so that a record which is not JSON reaches our validator
 * (and the dead-letter topic with a reason) instead of failing inside a deserializer.
 *
 * <p>Error handling: a {@link ReferralRejectedException} is permanent: the record is quarantined (by the listener, or
 * here for a record Spring Kafka could not hand to it) and the dead-letter topic gets a <em>reference</em> to the
 * quarantine row, never the record itself, so the partition keeps moving. The listener turns a failure retrying
 * cannot fix into such a rejection after its bounded retries ({@link KafkaReferralListener}); what it throws
 * otherwise (database down, a lock timeout, the quarantine write itself) is transient and retried here with
 * exponential back-off for as long as it takes, never dead-lettered.
 */
@Configuration(proxyBeanMethods = false)
class KafkaIntakeConfiguration {

    static final String CONTAINER_FACTORY = "referralContainerFactory";

    @Bean
    KafkaTemplate<String, byte[]> referralDeadLetterTemplate(KafkaProperties kafka) {
        Map<String, Object> config = kafka.buildProducerProperties(null);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "workflow-referral-dlt");
        return DedicatedProducer.template(config);
    }

    @Bean(CONTAINER_FACTORY)
    ConcurrentKafkaListenerContainerFactory<String, byte[]> referralContainerFactory(
            KafkaProperties kafka, KafkaTemplate<String, byte[]> referralDeadLetterTemplate,
            TopicProperties topics, IntakeProperties intake, ReferralQuarantine quarantine,
            KafkaClientMeters clientMeters) {
        Map<String, Object> config = kafka.buildConsumerProperties(null);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");

        ConcurrentKafkaListenerContainerFactory<String, byte[]> factory = new ConcurrentKafkaListenerContainerFactory<>();
        DefaultKafkaConsumerFactory<String, byte[]> consumers = new DefaultKafkaConsumerFactory<>(config);
        // the client's own figures (records-lag per partition, ...) on /actuator/prometheus and health consumerLag
        consumers.addListener(clientMeters.<String, byte[]>consumerListener());
        factory.setConsumerFactory(consumers);
        factory.setCommonErrorHandler(errorHandler(referralDeadLetterTemplate, topics, intake, quarantine));
        return factory;
    }

    static DefaultErrorHandler errorHandler(KafkaTemplate<String, byte[]> template, TopicProperties topics,
                                            IntakeProperties intake, ReferralQuarantine quarantine) {
        // partition -1: the DLT may have a different partition count, so let the producer choose by key
        DeadLetterPublishingRecoverer recoverer = new ReferenceRecoverer(template,
                (record, ex) -> new TopicPartition(topics.referralsDlt(), -1), quarantine);
        recoverer.setHeadersFunction(KafkaIntakeConfiguration::reasonHeaders);
        // the listener's own message is enough; a stack trace per bad record only bloats the topic
        recoverer.excludeHeader(DeadLetterPublishingRecoverer.HeaderNames.HeadersToAdd.EX_STACKTRACE);

        ExponentialBackOff backOff = new ExponentialBackOff(intake.retryInitial().toMillis(), 2.0);
        backOff.setMaxInterval(intake.retryMax().toMillis());
        // no max elapsed time and no max attempts: a transient failure is waited out, never dead-lettered

        DefaultErrorHandler handler = new DefaultErrorHandler(recoverer, backOff);
        handler.addNotRetryableExceptions(ReferralRejectedException.class);
        handler.setCommitRecovered(true);
        // the listener logs each failed attempt itself, with codes only
        return handler;
    }

    static Headers reasonHeaders(ConsumerRecord<?, ?> record, Exception exception) {
        ReferralRejectedException rejected = rejection(exception);
        RecordHeaders headers = new RecordHeaders();
        headers.add(DeadLetterHeaders.REASON, utf8(rejected.reason().code()));
        headers.add(DeadLetterHeaders.FIELD, utf8(rejected.field()));
        headers.add(DeadLetterHeaders.RULE, utf8(rejected.rule() == null ? "" : rejected.rule()));
        headers.add(DeadLetterHeaders.MESSAGE, utf8(rejected.getMessage()));
        QuarantinedReferralException quarantined = Failures.find(exception, QuarantinedReferralException.class);
        if (quarantined != null) {
            headers.add(DeadLetterHeaders.QUARANTINE_ID, utf8(quarantined.quarantineId().toString()));
        }
        return headers;
    }

    /** The rejection behind a failure; one Spring Kafka classified as permanent on its own is {@code unprocessable}. */
    static ReferralRejectedException rejection(Throwable exception) {
        ReferralRejectedException rejected = findRejection(exception);
        return rejected != null ? rejected : new ReferralRejectedException(RejectionReason.UNPROCESSABLE, "",
                Failures.innermost(exception).getClass().getSimpleName(), "the record could not be handed to the intake");
    }

    /**
     * Publishes a reference in place of the record: value {@code {"quarantineId", "reason", "eventId"}}, the original
     * key, no original headers (they are in the quarantine row), and the reason headers. A record that reached the
     * dead-letter path without the listener quarantining it is quarantined here first; if that fails the recovery
     * fails and the record is delivered again.
     */
    static final class ReferenceRecoverer extends DeadLetterPublishingRecoverer {

        private static final ObjectMapper JSON = new ObjectMapper();

        private final ReferralQuarantine quarantine;

        ReferenceRecoverer(KafkaTemplate<String, byte[]> template,
                           java.util.function.BiFunction<ConsumerRecord<?, ?>, Exception, TopicPartition> destination,
                           ReferralQuarantine quarantine) {
            super(template, destination);
            this.quarantine = quarantine;
        }

        @Override
        public void accept(ConsumerRecord<?, ?> record, Consumer<?, ?> consumer, Exception exception) {
            QuarantinedReferralException quarantined = Failures.find(exception, QuarantinedReferralException.class);
            Exception cause = exception;
            if (quarantined == null) {
                ReferralRejectedException rejected = rejection(exception);
                quarantined = new QuarantinedReferralException(rejected, quarantine.quarantine(record, rejected));
                cause = quarantined;
            }
            byte[] reference = reference(quarantined);
            ConsumerRecord<Object, Object> replaced = new ConsumerRecord<>(record.topic(), record.partition(),
                    record.offset(), record.timestamp(), record.timestampType(), record.serializedKeySize(),
                    reference.length, record.key(), reference, new RecordHeaders(), record.leaderEpoch());
            super.accept(replaced, consumer, cause);
        }

        static byte[] reference(QuarantinedReferralException quarantined) {
            ObjectNode value = JSON.createObjectNode();
            value.put("quarantineId", quarantined.quarantineId().toString());
            value.put("reason", quarantined.reason().code());
            value.put("eventId", quarantined.eventId());
            return value.toString().getBytes(StandardCharsets.UTF_8);
        }
    }

    private static ReferralRejectedException findRejection(Throwable t) {
        return Failures.find(t, ReferralRejectedException.class);
    }


    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
