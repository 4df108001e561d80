package org.opensafeguarding.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/** Periodic work asked for once a minute (Micrometer's refresh of Kafka client metrics) runs at the refresh. */
class KafkaClientMetersTest {

    private final ThreadPoolTaskScheduler threads = new ThreadPoolTaskScheduler();

    @AfterEach
    void stop() {
        threads.shutdown();
    }

    @Test
    void periodicWorkAskedForOnceAMinuteRunsAtTheRefreshAndOneOffWorkAsAsked() {
        threads.initialize();
        KafkaClientMeters.AtMost scheduler = new KafkaClientMeters.AtMost(threads, Duration.ofMillis(50));
        AtomicInteger fixedRate = new AtomicInteger();
        AtomicInteger fixedDelay = new AtomicInteger();
        AtomicInteger once = new AtomicInteger();

        ScheduledFuture<?> rate = scheduler.scheduleAtFixedRate(fixedRate::incrementAndGet,
                Instant.now().plus(Duration.ofMinutes(1)), Duration.ofMinutes(1));
        ScheduledFuture<?> delay = scheduler.scheduleWithFixedDelay(fixedDelay::incrementAndGet, Duration.ofMinutes(1));
        ScheduledFuture<?> later = scheduler.schedule(once::incrementAndGet, Instant.now().plus(Duration.ofMinutes(1)));

        await().atMost(Duration.ofSeconds(10)).until(() -> fixedRate.get() >= 3 && fixedDelay.get() >= 3);
        assertThat(once).hasValue(0);
        assertThat(later.getDelay(java.util.concurrent.TimeUnit.SECONDS)).isGreaterThan(30);
        rate.cancel(false);
        delay.cancel(false);
        later.cancel(false);
    }

    @Test
    void aRefreshThatIsNotPositiveIsRefusedNamingTheSetting() {
        assertThatThrownBy(() -> new KafkaClientMeters(new io.micrometer.core.instrument.simple.SimpleMeterRegistry(),
                Duration.ZERO)).hasMessageContaining("safeguarding.monitoring.kafka-meters-refresh")
                .hasMessageContaining("positive");
    }
}
