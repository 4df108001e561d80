package org.opensafeguarding.workflow.support;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.opensafeguarding.testkit.EmbeddedKafkaSupport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.awaitility.Awaitility.await;

/** A plain Kafka producer and a topic reader that keeps everything it has seen, for assertions. */
public final class KafkaTestClient implements AutoCloseable {

    private final KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, EmbeddedKafkaSupport.bootstrapServers(),
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
            ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 2 * 1024 * 1024));

    public long send(String topic, String key, byte[] value) {
        try {
            return producer.send(new ProducerRecord<>(topic, key, value)).get().offset();
        } catch (Exception e) {
            throw new IllegalStateException("could not produce to " + topic, e);
        }
    }

    /** Reads a topic from the beginning in the background; {@link #records()} grows as records arrive. */
    public static final class Reader implements AutoCloseable {

        private final KafkaConsumer<String, byte[]> consumer;
        private final List<ConsumerRecord<String, byte[]>> seen = new CopyOnWriteArrayList<>();
        private final Thread thread;
        private volatile boolean running = true;

        Reader(String topic) {
            consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, EmbeddedKafkaSupport.bootstrapServers(),
                    ConsumerConfig.GROUP_ID_CONFIG, "test-reader-" + UUID.randomUUID(),
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                    ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                    ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class));
            consumer.subscribe(List.of(topic));
            thread = new Thread(this::run, "test-reader-" + topic);
            thread.setDaemon(true);
            thread.start();
        }

        private void run() {
            try {
                while (running) {
                    consumer.poll(Duration.ofMillis(100)).forEach(seen::add);
                }
            } catch (org.apache.kafka.common.errors.WakeupException ignored) {
                // closing
            } finally {
                consumer.close();
            }
        }

        public List<ConsumerRecord<String, byte[]>> records() {
            return new ArrayList<>(seen);
        }

        public List<ConsumerRecord<String, byte[]>> awaitAtLeast(int count, Duration timeout) {
            await().atMost(timeout).until(() -> seen.size() >= count);
            return records();
        }

        @Override
        public void close() {
            running = false;
            consumer.wakeup();
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    public Reader read(String topic) {
        return new Reader(topic);
    }

    @Override
    public void close() {
        producer.close();
    }
}
