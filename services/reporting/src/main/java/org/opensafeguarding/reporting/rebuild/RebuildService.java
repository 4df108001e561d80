package org.opensafeguarding.reporting.rebuild;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.opensafeguarding.reporting.ReportingProperties;
import org.opensafeguarding.reporting.consumption.EventBatchProcessor;
import org.opensafeguarding.reporting.consumption.IncomingRecord;
import org.opensafeguarding.reporting.consumption.TransientFailures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import jakarta.annotation.PreDestroy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Rebuilds the projections from the topic: version N+1 is created beside the active one, filled by a consumer of
 * its own that reads every partition from the beginning to the end offsets seen at the start, and then made active;
 * the old version's rows are dropped. The live consumer writes to both versions meanwhile, so nothing published
 * during the rebuild is missed, and the inbox of the new version makes the overlap count once.
 */
@Service
public class RebuildService {

    private static final Logger log = LoggerFactory.getLogger(RebuildService.class);

    private final JdbcTemplate jdbc;
    private final ConsumerFactory<String, byte[]> consumers;
    private final EventBatchProcessor processor;
    private final TransactionTemplate transaction;
    private final ReportingProperties properties;
    private final String topic;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> new Thread(r, "projection-rebuild"));
    private volatile boolean stopping;

    public RebuildService(JdbcTemplate jdbc, ConsumerFactory<String, byte[]> caseEventConsumerFactory,
                          EventBatchProcessor processor, TransactionTemplate transactionTemplate,
                          ReportingProperties properties,
                          @Value("${safeguarding.topics.case-events:safeguarding.case-events.v1}") String topic) {
        this.jdbc = jdbc;
        this.consumers = caseEventConsumerFactory;
        this.processor = processor;
        this.transaction = transactionTemplate;
        this.properties = properties;
        this.topic = topic;
    }

    public record Started(int version, CompletableFuture<Result> done) {
    }

    public record Result(int version, long events, long millis) {
    }

    /** @throws RebuildAlreadyRunning when another version is being built */
    public Started start() {
        int version;
        try {
            version = transaction.execute(s -> {
                int next = jdbc.queryForObject("SELECT coalesce(max(version), 0) + 1 FROM projection_version",
                        Integer.class);
                jdbc.update("INSERT INTO projection_version (version, state) VALUES (?, 'BUILDING')", next);
                return next;
            });
        } catch (DuplicateKeyException running) {
            throw new RebuildAlreadyRunning();
        }
        CompletableFuture<Result> done = CompletableFuture.supplyAsync(() -> replay(version), worker);
        return new Started(version, done);
    }

    private Result replay(int version) {
        long started = System.nanoTime();
        long events = 0;
        Properties overrides = new Properties();
        overrides.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
        try (Consumer<String, byte[]> consumer = consumers.createConsumer("reporting-rebuild-v" + version,
                "rebuild-v" + version, null, overrides)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (!reached(consumer, end)) {
                if (stopping) {
                    throw new IllegalStateException("stopped");
                }
                ConsumerRecords<String, byte[]> polled = consumer.poll(properties.replayPollTimeout());
                List<IncomingRecord> batch = new ArrayList<>(polled.count());
                for (ConsumerRecord<String, byte[]> r : polled) {
                    batch.add(new IncomingRecord(r.topic(), r.partition(), r.offset(), r.value()));
                }
                if (!batch.isEmpty()) {
                    processWithRetry(batch, version);
                    events += batch.size();
                }
            }
            switchTo(version, events);
            long millis = (System.nanoTime() - started) / 1_000_000;
            log.info("Projection v{} rebuilt from {} records in {} ms and made active", version, events, millis);
            return new Result(version, events, millis);
        } catch (RuntimeException failure) {
            jdbc.update("UPDATE projection_version SET state = 'FAILED', detail = ? WHERE version = ?",
                    failure.getClass().getSimpleName(), version);
            dropRetiredRows("FAILED");
            log.error("Rebuild of projection v{} failed: {}", version, failure.getClass().getSimpleName());
            throw failure;
        }
    }

    private static boolean reached(Consumer<String, byte[]> consumer, Map<TopicPartition, Long> end) {
        return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    }

    private void processWithRetry(List<IncomingRecord> batch, int version) {
        long backOff = 200;
        while (true) {
            try {
                processor.process(batch, List.of(version));
                return;
            } catch (RuntimeException failure) {
                if (!TransientFailures.isTransient(failure) || stopping) {
                    throw failure;
                }
                log.warn("Rebuild v{}: transient failure ({}), retrying in {} ms", version,
                        failure.getClass().getSimpleName(), backOff);
                try {
                    Thread.sleep(backOff);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw failure;
                }
                backOff = Math.min(backOff * 2, 30_000);
            }
        }
    }

    private void switchTo(int version, long events) {
        transaction.executeWithoutResult(s -> {
            jdbc.update("UPDATE projection_version SET state = 'RETIRED' WHERE state = 'ACTIVE'");
            jdbc.update("UPDATE projection_version SET state = 'ACTIVE', activated_at = now(), events_replayed = ? "
                    + "WHERE version = ?", events, version);
        });
        dropRetiredRows("RETIRED");
    }

    /** Deleting is separate from the switch, so queries move to the new version at once. */
    private void dropRetiredRows(String state) {
        for (String[] table : ProjectionTables.ALL) {
            jdbc.update("DELETE FROM " + table[0] + " WHERE projection_version IN "
                    + "(SELECT version FROM projection_version WHERE state = ?)", state);
        }
    }

    public List<Map<String, Object>> versions() {
        return jdbc.queryForList("SELECT version, state, created_at, activated_at, events_replayed, detail "
                + "FROM projection_version ORDER BY version");
    }

    @PreDestroy
    void stop() {
        stopping = true;
        worker.shutdownNow();
    }

    public static final class RebuildAlreadyRunning extends RuntimeException {
        RebuildAlreadyRunning() {
            super("a projection rebuild is already running");
        }
    }
}
