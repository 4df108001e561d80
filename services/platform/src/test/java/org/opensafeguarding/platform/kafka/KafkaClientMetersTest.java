package org.opensafeguarding.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;

/**
 * A Kafka client's meters are looked for at the refresh, not Micrometer's minute, and a closed client's meters
 * stay gone (its refresh stops with it).
 */
class KafkaClientMetersTest {

    @Test
    void periodicWorkAskedForOnceAMinuteRunsAtTheRefresh() {
        KafkaClientMeters.RefreshThread thread = new KafkaClientMeters.RefreshThread(Duration.ofMillis(50));
        try {
            AtomicInteger fixedRate = new AtomicInteger();
            AtomicInteger fixedDelay = new AtomicInteger();
            thread.scheduleAtFixedRate(fixedRate::incrementAndGet, 60, 60, TimeUnit.SECONDS);
            thread.scheduleWithFixedDelay(fixedDelay::incrementAndGet, 60, 60, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(10)).until(() -> fixedRate.get() >= 3 && fixedDelay.get() >= 3);
        } finally {
            thread.shutdownNow();
        }
    }

    @Test
    void aConsumersMetersAppearWhenItIsCreatedAndStayGoneOnceItIsClosed() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        DefaultKafkaConsumerFactory<String, String> consumers = new DefaultKafkaConsumerFactory<>(Map.of(
                // never contacted: a consumer has its metrics from construction, before any poll
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9",
                ConsumerConfig.GROUP_ID_CONFIG, "meters-test",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class));
        consumers.addListener(new KafkaClientMeters(registry, Duration.ofMillis(50)).consumerListener());

        Consumer<String, String> consumer = consumers.createConsumer();
        assertThat(kafkaConsumerMeters(registry)).isPositive();
        consumer.close(Duration.ZERO);

        // several refreshes later the meters are still gone: nothing refreshes a closed consumer
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5))
                .until(() -> kafkaConsumerMeters(registry) == 0);
    }

    @Test
    void aRefreshThatIsNotPositiveIsRefusedNamingTheSetting() {
        assertThatThrownBy(() -> new KafkaClientMeters(new SimpleMeterRegistry(), Duration.ZERO))
                .hasMessageContaining("safeguarding.monitoring.kafka-meters-refresh").hasMessageContaining("positive");
    }

    private static long kafkaConsumerMeters(SimpleMeterRegistry registry) {
        return registry.getMeters().stream().map(Meter::getId)
                .filter(id -> id.getName().startsWith("kafka.consumer")).count();
    }
}
