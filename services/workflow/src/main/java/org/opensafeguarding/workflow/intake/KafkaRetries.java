package org.opensafeguarding.workflow.intake;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.opensafeguarding.workflow.failure.Failure;
import org.opensafeguarding.workflow.time.SystemTime;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Kafka record each partition is failing on, if any: how often and since when. The listener asks it how many
 * attempts a permanent failure has had (to park the record after the bounded retries); health asks it whether a
 * partition is stuck. In memory and per instance: after a rebalance the new owner starts counting afresh, and an
 * entry no attempt has touched for a while (its partition went to another instance) is ignored.
 */
@Component
class KafkaRetries {

    /** A record being retried; {@code permanentAttempts} counts only the failures retrying cannot fix. */
    record Failing(long offset, Instant since, Instant last, int attempts, int permanentAttempts) {
    }

    private final Map<TopicPartition, Failing> failing = new ConcurrentHashMap<>();
    private final Clock clock;

    /**
     * Wall time, not the service's business clock: "stuck for two minutes" is about the partition, and must hold while
     * a replay holds the business clock still or jumps it by a day.
     */
    KafkaRetries() {
        this.clock = SystemTime.clock();
    }

    /** @return the failures of this kind's class so far, this one included: permanent ones, or all for transient */
    int failed(ConsumerRecord<?, ?> record, Failure failure) {
        Instant now = clock.instant();
        Failing updated = failing.compute(partition(record), (tp, before) -> {
            boolean permanent = !failure.isTransient();
            if (before == null || before.offset() != record.offset()) {
                return new Failing(record.offset(), now, now, 1, permanent ? 1 : 0);
            }
            return new Failing(record.offset(), before.since(), now, before.attempts() + 1,
                    before.permanentAttempts() + (permanent ? 1 : 0));
        });
        return failure.isTransient() ? updated.attempts() : updated.permanentAttempts();
    }

    /** The record was taken in or parked: its partition moves on. */
    void settled(ConsumerRecord<?, ?> record) {
        failing.computeIfPresent(partition(record), (tp, f) -> f.offset() == record.offset() ? null : f);
    }

    /**
     * Partitions whose record has failed for longer than {@code after} or more than {@code attempts} times, among those
     * tried again within {@code recent}.
     */
    List<Failing> stuck(Duration after, int attempts, Duration recent) {
        Instant now = clock.instant();
        return current(recent).stream()
                .filter(f -> f.attempts() >= attempts || !f.since().plus(after).isAfter(now))
                .toList();
    }

    /** Records failing right now (tried again within {@code recent}). */
    List<Failing> current(Duration recent) {
        Instant now = clock.instant();
        return failing.values().stream().filter(f -> f.last().plus(recent).isAfter(now)).toList();
    }

    private static TopicPartition partition(ConsumerRecord<?, ?> record) {
        return new TopicPartition(record.topic(), record.partition());
    }
}
