package org.opensafeguarding.platform.kafka;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.MicrometerConsumerListener;

/** {@link KafkaClientMeters} for any service with Kafka and a meter registry. */
@AutoConfiguration(after = CompositeMeterRegistryAutoConfiguration.class)
@ConditionalOnClass(MicrometerConsumerListener.class)
@ConditionalOnBean(MeterRegistry.class)
public class KafkaClientMetersAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    KafkaClientMeters kafkaClientMeters(MeterRegistry meters,
            @Value("${safeguarding.monitoring.kafka-meters-refresh:5s}") Duration refresh) {
        return new KafkaClientMeters(meters, refresh);
    }
}
