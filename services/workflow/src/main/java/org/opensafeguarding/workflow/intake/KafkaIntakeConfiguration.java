package org.opensafeguarding.workflow.intake;

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
import org.opensafeguarding.workflow.events.TopicProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
 * <p>Error handling: a {@link ReferralRejectedException} is permanent and goes straight to the dead-letter
 * topic so the partition keeps moving; anything else (database down, a lock timeout) is presumed transient
 * and retried with exponential back-off for as long as it takes, never dead-lettered.
 */
@Configuration(proxyBeanMethods = false)
class KafkaIntakeConfiguration {

    private static final Logger log = LoggerFactory.getLogger(KafkaIntakeConfiguration.class);

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
            TopicProperties topics, IntakeProperties intake) {
        Map<String, Object> config = kafka.buildConsumerProperties(null);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");

        ConcurrentKafkaListenerContainerFactory<String, byte[]> factory = new ConcurrentKafkaListenerContainerFactory<>();
        factory.setConsumerFactory(new DefaultKafkaConsumerFactory<>(config));
        factory.setCommonErrorHandler(errorHandler(referralDeadLetterTemplate, topics, intake));
        return factory;
    }

    static DefaultErrorHandler errorHandler(KafkaTemplate<String, byte[]> template, TopicProperties topics,
                                            IntakeProperties intake) {
        // partition -1: the DLT may have a different partition count, so let the producer choose by key
        DeadLetterPublishingRecoverer recoverer = new DeadLetterPublishingRecoverer(template,
                (record, ex) -> new TopicPartition(topics.referralsDlt(), -1));
        recoverer.setHeadersFunction(KafkaIntakeConfiguration::reasonHeaders);
        // the listener's own message is enough; a stack trace per bad record only bloats the topic
        recoverer.excludeHeader(DeadLetterPublishingRecoverer.HeaderNames.HeadersToAdd.EX_STACKTRACE);

        ExponentialBackOff backOff = new ExponentialBackOff(intake.retryInitial().toMillis(), 2.0);
        backOff.setMaxInterval(intake.retryMax().toMillis());
        // no max elapsed time and no max attempts: a transient failure is waited out, never dead-lettered

        DefaultErrorHandler handler = new DefaultErrorHandler(recoverer, backOff);
        handler.addNotRetryableExceptions(ReferralRejectedException.class);
        handler.setCommitRecovered(true);
        handler.setRetryListeners((record, ex, attempt) -> {
            if (findRejection(ex) == null) {
                log.warn("referral at {}-{}@{} failed for a transient reason (attempt {}), retrying: {}",
                        record.topic(), record.partition(), record.offset(), attempt, rootCause(ex).toString());
            }
        });
        return handler;
    }

    static Headers reasonHeaders(ConsumerRecord<?, ?> record, Exception exception) {
        ReferralRejectedException rejected = findRejection(exception);
        RecordHeaders headers = new RecordHeaders();
        if (rejected != null) {
            headers.add(DeadLetterHeaders.REASON, utf8(rejected.reason().code()));
            headers.add(DeadLetterHeaders.FIELD, utf8(rejected.field()));
            headers.add(DeadLetterHeaders.RULE, utf8(rejected.rule() == null ? "" : rejected.rule()));
            headers.add(DeadLetterHeaders.MESSAGE, utf8(rejected.getMessage()));
        } else {
            headers.add(DeadLetterHeaders.REASON, utf8(RejectionReason.UNPROCESSABLE.code()));
            headers.add(DeadLetterHeaders.FIELD, utf8(""));
            headers.add(DeadLetterHeaders.RULE, utf8(rootCause(exception).getClass().getSimpleName()));
            headers.add(DeadLetterHeaders.MESSAGE, utf8("the record could not be handed to the intake"));
        }
        return headers;
    }

    private static ReferralRejectedException findRejection(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof ReferralRejectedException r) {
                return r;
            }
        }
        return null;
    }

    private static Throwable rootCause(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        return c;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
