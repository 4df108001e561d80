package org.opensafeguarding.reporting.support;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.opensafeguarding.testkit.EmbeddedInfrastructure;
import org.opensafeguarding.testkit.EmbeddedKafkaSupport;
import org.opensafeguarding.testkit.TestIdentity;
import org.springframework.test.context.DynamicPropertyRegistry;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A fresh database and topic per test class on the shared embedded broker and PostgreSQL, and a producer. */
public final class ReportingStack {

    private ReportingStack() {
    }

    public static String register(DynamicPropertyRegistry registry, String name) {
        String topic = "case-events-" + name + "-" + UUID.randomUUID().toString().substring(0, 8);
        createTopic(topic, 2);
        EmbeddedInfrastructure.register(registry, "reporting");
        TestIdentity.register(registry);
        registry.add("safeguarding.topics.case-events", () -> topic);
        registry.add("spring.kafka.consumer.group-id", () -> "reporting-" + topic);
        registry.add("spring.kafka.consumer.properties.metadata.max.age.ms", () -> "1000");
        return topic;
    }

    public static void createTopic(String topic, int partitions) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                EmbeddedKafkaSupport.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
        } catch (Exception e) {
            throw new IllegalStateException("cannot create topic " + topic, e);
        }
    }

    public static KafkaProducer<String, byte[]> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, EmbeddedKafkaSupport.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 5),
                new StringSerializer(), new ByteArraySerializer());
    }

    /** Sends each record keyed by the case, as the outbox relay does, and waits for the broker's acknowledgement. */
    public static void send(KafkaProducer<String, byte[]> producer, String topic, String key, List<byte[]> values) {
        try {
            for (byte[] v : values) {
                producer.send(new ProducerRecord<>(topic, key, v));
            }
            producer.flush();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits until the service's consumer group has committed every record on the topic, i.e. processed them all. */
    public static void awaitConsumed(String topic, String group) {
        awaitConsumed(topic, group, java.time.Duration.ofSeconds(60));
    }

    public static void awaitConsumed(String topic, String group, java.time.Duration atMost) {
        org.awaitility.Awaitility.await().atMost(atMost).pollInterval(java.time.Duration.ofMillis(500)).until(() -> {
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                    EmbeddedKafkaSupport.bootstrapServers()))) {
                var committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
                var partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions();
                Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> latest =
                        new java.util.HashMap<>();
                partitions.forEach(p -> latest.put(new org.apache.kafka.common.TopicPartition(topic, p.partition()),
                        org.apache.kafka.clients.admin.OffsetSpec.latest()));
                var ends = admin.listOffsets(latest).all().get();
                return ends.entrySet().stream().allMatch(e -> e.getValue().offset() == 0
                        || (committed.get(e.getKey()) != null
                        && committed.get(e.getKey()).offset() >= e.getValue().offset()));
            }
        });
    }
}
