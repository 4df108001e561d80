package org.opensafeguarding.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A downstream consumer of {@code safeguarding.case-events.v1}, as reporting is, that keeps every record it is
 * given: its coordinates (so the same record read twice after a broker restart is told apart from an event delivered
 * twice), its CloudEvent id, the case pseudonym it is keyed by and the case's sequence number.
 */
final class CaseEventTap implements AutoCloseable {

    static final String TOPIC = "safeguarding.case-events.v1";

    record Received(int partition, long offset, String id, String pseudonym, long sequence, String type) {
    }

    private final KafkaConsumer<String, String> consumer;
    private final ObjectMapper json = new ObjectMapper();
    private final Thread thread;
    private final Set<String> coordinates = ConcurrentHashMap.newKeySet();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final List<Throwable> failures = new CopyOnWriteArrayList<>();
    private volatile boolean stopping;

    CaseEventTap(String bootstrapServers) {
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "fault-campaign-tap",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, true,
                // only what the broker has committed: an aborted or unacknowledged write is not an event
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), new StringDeserializer());
        thread = new Thread(this::run, "case-event-tap");
    }

    void start() {
        consumer.subscribe(List.of(TOPIC));
        thread.start();
    }

    private void run() {
        try {
            while (!stopping) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    if (!coordinates.add(r.partition() + "@" + r.offset())) {
                        continue; // read again after a rebalance or a broker restart: the same record, not a new one
                    }
                    JsonNode e = json.readTree(r.value());
                    received.add(new Received(r.partition(), r.offset(), e.path("id").asText(),
                            e.path("partitionkey").asText(r.key()), Long.parseLong(e.path("sequence").asText("-1")),
                            e.path("type").asText()));
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (Throwable t) {
            failures.add(t);
        }
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    List<Throwable> failures() {
        return List.copyOf(failures);
    }

    @Override
    public void close() throws InterruptedException {
        stopping = true;
        consumer.wakeup();
        thread.join(10_000);
        consumer.close(Duration.ofSeconds(5));
    }
}
