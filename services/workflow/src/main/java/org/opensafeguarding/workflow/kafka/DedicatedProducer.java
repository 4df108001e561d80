package org.opensafeguarding.workflow.kafka;

import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;

import java.util.Map;

/**
 * A template with a producer of its own, for sends whose guarantees (idempotence, acks, timeouts) must not follow
 * whatever {@code spring.kafka.producer.*} says. Its factory is deliberately not a bean, because a
 * {@code ProducerFactory} bean would replace Boot's default one; so the template closes it on shutdown, or its
 * producer would keep talking to the broker after the service stopped.
 */
public final class DedicatedProducer {

    private DedicatedProducer() {
    }

    public static <V> KafkaTemplate<String, V> template(Map<String, Object> config) {
        DefaultKafkaProducerFactory<String, V> producers = new DefaultKafkaProducerFactory<>(config);
        return new KafkaTemplate<>(producers) {
            @Override
            public void destroy() {
                super.destroy();
                producers.destroy();
            }
        };
    }
}
