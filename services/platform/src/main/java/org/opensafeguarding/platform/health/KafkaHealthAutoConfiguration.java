package org.opensafeguarding.platform.health;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.kafka.KafkaAutoConfiguration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.KafkaAdmin;

import java.time.Duration;

/**
 * Adds the {@code kafka} and {@code consumerLag} components to {@code /actuator/health} in any service that talks to
 * Kafka.
 */
@AutoConfiguration(after = {KafkaAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class})
@ConditionalOnBean(KafkaAdmin.class)
@ConditionalOnEnabledHealthIndicator("kafka")
public class KafkaHealthAutoConfiguration {

    @Bean(name = "kafkaHealthIndicator", destroyMethod = "close")
    @ConditionalOnMissingBean(name = "kafkaHealthIndicator")
    KafkaHealthIndicator kafkaHealthIndicator(KafkaAdmin kafkaAdmin,
            @Value("${management.health.kafka.timeout:3s}") Duration timeout) {
        return new KafkaHealthIndicator(kafkaAdmin, timeout);
    }

    @Bean(name = "consumerLagHealthIndicator")
    @ConditionalOnBean(MeterRegistry.class)
    @ConditionalOnMissingBean(name = "consumerLagHealthIndicator")
    ConsumerLagHealthIndicator consumerLagHealthIndicator(MeterRegistry meters,
            @Value("${safeguarding.monitoring.consumer-lag-degraded-above:1000}") long degradedAbove) {
        return new ConsumerLagHealthIndicator(meters, degradedAbove);
    }
}
