package org.opensafeguarding.platform.kafka;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import org.springframework.kafka.core.MicrometerConsumerListener;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.Trigger;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * Publishes the Kafka clients' own figures (records-lag per partition, fetch rates, ...) to Micrometer, looking for
 * new ones every {@code safeguarding.monitoring.kafka-meters-refresh}. Micrometer's binder looks once a minute, and
 * the per-partition figures exist only once a partition is assigned, so after a start or a rebalance the
 * consumerLag health and the lag alerts saw nothing for up to a minute. Add {@link #consumerListener()} to every
 * consumer factory.
 */
public class KafkaClientMeters implements AutoCloseable {

    private final MeterRegistry meters;
    private final ThreadPoolTaskScheduler threads = new ThreadPoolTaskScheduler();
    private final TaskScheduler scheduler;

    public KafkaClientMeters(MeterRegistry meters, Duration refresh) {
        if (refresh.isNegative() || refresh.isZero()) {
            throw new IllegalArgumentException(
                    "safeguarding.monitoring.kafka-meters-refresh: expected a positive duration, but was " + refresh);
        }
        this.meters = meters;
        threads.setThreadNamePrefix("kafka-meters-");
        threads.setDaemon(true);
        threads.initialize();
        this.scheduler = new AtMost(threads, refresh);
    }

    public <K, V> MicrometerConsumerListener<K, V> consumerListener() {
        return new MicrometerConsumerListener<>(meters, List.of(), scheduler);
    }

    @Override
    public void close() {
        threads.shutdown();
    }

    /** Runs periodic work at least every {@code refresh}, however rarely it asks to run; one-off work as asked. */
    record AtMost(TaskScheduler delegate, Duration refresh) implements TaskScheduler {

        private Duration capped(Duration period) {
            return period.compareTo(refresh) > 0 ? refresh : period;
        }

        private Instant cappedStart(Instant startTime) {
            Instant latest = Instant.now().plus(refresh);
            return startTime.isAfter(latest) ? latest : startTime;
        }

        @Override
        public ScheduledFuture<?> schedule(Runnable task, Trigger trigger) {
            return delegate.schedule(task, trigger);
        }

        @Override
        public ScheduledFuture<?> schedule(Runnable task, Instant startTime) {
            return delegate.schedule(task, startTime);
        }

        @Override
        public ScheduledFuture<?> scheduleAtFixedRate(Runnable task, Instant startTime, Duration period) {
            return delegate.scheduleAtFixedRate(task, cappedStart(startTime), capped(period));
        }

        @Override
        public ScheduledFuture<?> scheduleAtFixedRate(Runnable task, Duration period) {
            return delegate.scheduleAtFixedRate(task, capped(period));
        }

        @Override
        public ScheduledFuture<?> scheduleWithFixedDelay(Runnable task, Instant startTime, Duration delay) {
            return delegate.scheduleWithFixedDelay(task, cappedStart(startTime), capped(delay));
        }

        @Override
        public ScheduledFuture<?> scheduleWithFixedDelay(Runnable task, Duration delay) {
            return delegate.scheduleWithFixedDelay(task, capped(delay));
        }
    }
}
