package org.opensafeguarding.platform.kafka;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.springframework.kafka.core.MicrometerConsumerListener;

/**
 * Publishes the Kafka clients' own figures (records-lag per partition, fetch rates, ...) to Micrometer, looking for
 * new ones every {@code safeguarding.monitoring.kafka-meters-refresh}. Micrometer's binder looks once a minute, and
 * the per-partition figures exist only once a partition is assigned, so after a start or a rebalance the
 * consumerLag health and the lag alerts saw nothing for up to a minute. Add {@link #consumerListener()} to every
 * consumer factory.
 *
 * <p>Each client gets a refresh thread of its own, stopped when the client closes. (Micrometer keeps no handle on
 * the refresh it schedules on a scheduler it was given, so with a shared one the refresh of a closed consumer would
 * go on for ever and bring its meters, with their last lag, back after they were removed.)
 */
public class KafkaClientMeters {

    private final MeterRegistry meters;
    private final Duration refresh;

    public KafkaClientMeters(MeterRegistry meters, Duration refresh) {
        if (refresh.isNegative() || refresh.isZero()) {
            throw new IllegalArgumentException(
                    "safeguarding.monitoring.kafka-meters-refresh: expected a positive duration, but was " + refresh);
        }
        this.meters = meters;
        this.refresh = refresh;
    }

    public <K, V> MicrometerConsumerListener<K, V> consumerListener() {
        return new MicrometerConsumerListener<>(meters, List.of()) {
            @Override
            protected MeterBinder createClientMetrics(Consumer<K, V> consumer, List<Tag> tags) {
                RefreshThread thread = new RefreshThread(refresh);
                return new ClosingBinder(new KafkaClientMetrics(consumer, tags, thread), thread);
            }
        };
    }

    /** One daemon thread whose periodic work runs at least every {@code refresh}, however rarely it asks to run. */
    static final class RefreshThread extends ScheduledThreadPoolExecutor {

        private final long refreshNanos;

        RefreshThread(Duration refresh) {
            super(1, task -> {
                Thread thread = new Thread(task, "kafka-meters-refresh");
                thread.setDaemon(true);
                return thread;
            });
            this.refreshNanos = refresh.toNanos();
        }

        private long capped(long time, TimeUnit unit) {
            return Math.min(unit.toNanos(time), refreshNanos);
        }

        @Override
        public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
            return super.scheduleAtFixedRate(command, capped(initialDelay, unit), capped(period, unit),
                    TimeUnit.NANOSECONDS);
        }

        @Override
        public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay,
                                                         TimeUnit unit) {
            return super.scheduleWithFixedDelay(command, capped(initialDelay, unit), capped(delay, unit),
                    TimeUnit.NANOSECONDS);
        }
    }

    /** Binds the client's meters; closing removes them and stops their refresh. */
    record ClosingBinder(KafkaClientMetrics binder, RefreshThread thread) implements MeterBinder, AutoCloseable {

        @Override
        public void bindTo(MeterRegistry registry) {
            binder.bindTo(registry);
        }

        @Override
        public void close() {
            thread.shutdownNow();
            binder.close();
        }
    }
}
