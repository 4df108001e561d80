package org.opensafeguarding.workflow.outbox;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.autoconfigure.kafka.KafkaProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.opensafeguarding.workflow.kafka.DedicatedProducer;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.scheduling.annotation.EnableScheduling;

import java.util.Map;

@Configuration(proxyBeanMethods = false)
@EnableScheduling
@EnableConfigurationProperties(OutboxProperties.class)
class OutboxRelayConfiguration {

    /**
     * Its own producer rather than Boot's shared template: the relay's guarantees depend on these settings, so
     * nobody's spring.kafka.producer.* can weaken them. Idempotence and acks=all mean a retried send neither
     * duplicates nor reorders a partition's records.
     */
    @Bean
    KafkaTemplate<String, String> caseEventTemplate(KafkaProperties kafka, OutboxProperties outbox) {
        Map<String, Object> config = kafka.buildProducerProperties(null);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        int timeout = (int) Math.max(outbox.sendTimeout().toMillis(), 2_000);
        // the client insists on delivery.timeout >= linger + request.timeout
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, timeout / 2);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, timeout);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "workflow-outbox-relay");
        return DedicatedProducer.template(config);
    }
}
