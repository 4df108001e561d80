package org.opensafeguarding.testkit;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * One in-process KRaft Kafka broker per test JVM, on a free port. Test classes isolate themselves by
 * topic names and consumer groups rather than by broker, because a broker start is the slow part.
 */
public final class EmbeddedKafkaSupport {

    private static volatile EmbeddedKafkaKraftBroker broker;

    private EmbeddedKafkaSupport() {
    }

    public static String bootstrapServers() {
        return broker().getBrokersAsString();
    }

    public static EmbeddedKafkaKraftBroker broker() {
        EmbeddedKafkaKraftBroker b = broker;
        if (b == null) {
            synchronized (EmbeddedKafkaSupport.class) {
                b = broker;
                if (b == null) {
                    b = new EmbeddedKafkaKraftBroker(1, 1);
                    b.afterPropertiesSet();
                    EmbeddedKafkaKraftBroker started = b;
                    Runtime.getRuntime().addShutdownHook(new Thread(started::destroy, "embedded-kafka-stop"));
                    broker = b;
                }
            }
        }
        return b;
    }
}
