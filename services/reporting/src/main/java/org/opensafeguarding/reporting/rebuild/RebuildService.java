package org.opensafeguarding.reporting.rebuild;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.TopicPartition;
import org.opensafeguarding.reporting.ReportingProperties;
import org.opensafeguarding.reporting.consumption.EventBatchProcessor;
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
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Rebuilds the projections from the topic: version N+1 is created beside the active one, filled by a consumer of
 * its own that reads every partition from the beginning to the end offsets seen at the start, and then made active;
 * the old version's rows are dropped. {@code reporting.replay-workers} consumers share the partitions
 * ({@link PartitionReplay}), so the parsing of one overlaps the database writes of another. The live consumer
 * writes to both versions meanwhile, so nothing published during the rebuild is missed, and the inbox of the new
 * version makes the overlap count once.
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
    private final AtomicInteger replayerThreads = new AtomicInteger();
    private final ExecutorService replayers = Executors.newCachedThreadPool(
            r -> new Thread(r, "projection-rebuild-" + replayerThreads.incrementAndGet()));
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
        AtomicBoolean failed = new AtomicBoolean();
        try {
            List<List<TopicPartition>> shares = shares(partitions(version), properties.replayWorkers());
            // every consumer first: a failure to make one then leaves no worker running
            List<PartitionReplay> replays = new ArrayList<>();
            for (int i = 0; i < shares.size(); i++) {
                replays.add(new PartitionReplay(consumer(version, "-" + i), processor, version,
                        properties.replayBatchSize(), properties.replayPollTimeout(),
                        () -> stopping || failed.get()));
            }
            List<CompletableFuture<Long>> workers = new ArrayList<>();
            for (int i = 0; i < shares.size(); i++) {
                PartitionReplay replay = replays.get(i);
                List<TopicPartition> share = shares.get(i);
                workers.add(CompletableFuture.supplyAsync(() -> replay.run(share), replayers)
                        .whenComplete((n, failure) -> {
                            if (failure != null) {
                                failed.set(true); // the others stop after their current batch
                            }
                        }));
            }
            long events = joinAll(workers);
            switchTo(version, events);
            long millis = (System.nanoTime() - started) / 1_000_000;
            log.info("Projection v{} rebuilt from {} records in {} ms by {} workers and made active", version, events,
                    millis, shares.size());
            return new Result(version, events, millis);
        } catch (RuntimeException failure) {
            failed.set(true);
            jdbc.update("UPDATE projection_version SET state = 'FAILED', detail = ? WHERE version = ?",
                    failure.getClass().getSimpleName(), version);
            dropRetiredRows("FAILED");
            log.error("Rebuild of projection v{} failed: {}", version, failure.getClass().getSimpleName());
            throw failure;
        }
    }

    private List<TopicPartition> partitions(int version) {
        try (Consumer<String, byte[]> consumer = consumer(version, "-plan")) {
            return consumer.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
        }
    }

    /** Partitions dealt round-robin to at most {@code workers} workers, none left without one. */
    static List<List<TopicPartition>> shares(List<TopicPartition> partitions, int workers) {
        int n = Math.max(1, Math.min(workers, partitions.size()));
        List<List<TopicPartition>> shares = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            shares.add(new ArrayList<>());
        }
        for (int i = 0; i < partitions.size(); i++) {
            shares.get(i % n).add(partitions.get(i));
        }
        return shares;
    }

    /**
     * A consumer of the rebuild's own (assigned, never committing): the poll and fetch sizes let one poll fill a good
     * part of a replay batch instead of the live consumer's 500 records.
     */
    private Consumer<String, byte[]> consumer(int version, String suffix) {
        Properties overrides = new Properties();
        overrides.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Integer.toString(properties.replayBatchSize()));
        overrides.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(8 * 1024 * 1024));
        return consumers.createConsumer("reporting-rebuild-v" + version, "rebuild-v" + version, suffix, overrides);
    }

    /** Waits for every worker, so no transaction of a failed rebuild commits after its rows are dropped. */
    private static long joinAll(List<CompletableFuture<Long>> workers) {
        long events = 0;
        RuntimeException first = null;
        for (CompletableFuture<Long> worker : workers) {
            try {
                events += worker.join();
            } catch (CompletionException failed) {
                if (first == null) {
                    first = failed.getCause() instanceof RuntimeException cause ? cause : failed;
                }
            }
        }
        if (first != null) {
            throw first;
        }
        return events;
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
        replayers.shutdownNow();
    }

    public static final class RebuildAlreadyRunning extends RuntimeException {
        RebuildAlreadyRunning() {
            super("a projection rebuild is already running");
        }
    }
}
