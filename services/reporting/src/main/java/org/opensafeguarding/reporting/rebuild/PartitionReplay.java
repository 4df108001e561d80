package org.opensafeguarding.reporting.rebuild;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.opensafeguarding.reporting.consumption.EventBatchProcessor;
import org.opensafeguarding.reporting.consumption.IncomingRecord;
import org.opensafeguarding.reporting.consumption.TransientFailures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * One rebuild worker: reads its partitions from the beginning to the end offsets seen at its start and applies
 * them to the building version in large batches, one transaction each. Workers own disjoint partitions, and a case
 * lives in one partition (records are keyed by its pseudonym), so each case's events still arrive in order and two
 * workers never touch the same case's rows.
 */
final class PartitionReplay {

    private static final Logger log = LoggerFactory.getLogger(PartitionReplay.class);

    private final Consumer<String, byte[]> consumer;
    private final EventBatchProcessor processor;
    private final int version;
    private final int batchSize;
    private final Duration pollTimeout;
    private final BooleanSupplier stop;

    PartitionReplay(Consumer<String, byte[]> consumer, EventBatchProcessor processor, int version, int batchSize,
                    Duration pollTimeout, BooleanSupplier stop) {
        this.consumer = consumer;
        this.processor = processor;
        this.version = version;
        this.batchSize = batchSize;
        this.pollTimeout = pollTimeout;
        this.stop = stop;
    }

    /** @return the records applied; the consumer is closed when it returns */
    long run(List<TopicPartition> partitions) {
        try (consumer) {
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long events = 0;
            List<IncomingRecord> batch = new ArrayList<>(batchSize);
            boolean reached = reached(end);
            while (!reached) {
                if (stop.getAsBoolean()) {
                    throw new IllegalStateException("stopped");
                }
                ConsumerRecords<String, byte[]> polled = consumer.poll(pollTimeout);
                for (ConsumerRecord<String, byte[]> r : polled) {
                    batch.add(new IncomingRecord(r.topic(), r.partition(), r.offset(), r.value()));
                }
                reached = reached(end);
                // a few polls make one batch: a commit and a read of the batch's rows per 10,000 events, not per 500
                if (batch.size() >= batchSize || reached || (polled.isEmpty() && !batch.isEmpty())) {
                    processWithRetry(batch);
                    events += batch.size();
                    batch = new ArrayList<>(batchSize);
                }
            }
            return events;
        }
    }

    private boolean reached(Map<TopicPartition, Long> end) {
        return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    }

    private void processWithRetry(List<IncomingRecord> batch) {
        if (batch.isEmpty()) {
            return;
        }
        long backOff = 200;
        while (true) {
            try {
                processor.process(batch, List.of(version));
                return;
            } catch (RuntimeException failure) {
                if (!TransientFailures.isTransient(failure) || stop.getAsBoolean()) {
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
}
