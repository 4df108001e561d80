package org.opensafeguarding.platform.health;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;

import java.util.Map;
import java.util.TreeMap;

/**
 * Health component {@code consumerLag}: {@code DEGRADED} (HTTP 200) while any partition this service consumes is more
 * than {@code safeguarding.monitoring.consumer-lag-degraded-above} records behind its end. It reads the Kafka
 * client's own {@code records-lag} figures that Micrometer publishes per topic and partition (the consumer factories
 * carry a {@code MicrometerConsumerListener}), so it costs no call to the broker.
 */
public class ConsumerLagHealthIndicator extends AbstractHealthIndicator {

    /** Working, but behind: ordered between DOWN and UP in management.endpoint.health.status.order. */
    public static final Status DEGRADED = new Status("DEGRADED", "a consumer is far behind its partition's end");

    static final String LAG_METER = "kafka.consumer.fetch.manager.records.lag";

    private final MeterRegistry meters;
    private final long degradedAbove;

    public ConsumerLagHealthIndicator(MeterRegistry meters, long degradedAbove) {
        super("consumer lag check failed");
        this.meters = meters;
        this.degradedAbove = degradedAbove;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        Map<String, Long> lagByPartition = new TreeMap<>();
        for (Gauge gauge : meters.find(LAG_METER).gauges()) {
            double lag = gauge.value();
            String topic = gauge.getId().getTag("topic");
            String partition = gauge.getId().getTag("partition");
            if (Double.isNaN(lag) || topic == null || partition == null) {
                continue;
            }
            lagByPartition.merge(topic + "-" + partition, (long) lag, Math::max);
        }
        long worst = lagByPartition.values().stream().mapToLong(Long::longValue).max().orElse(0);
        builder.withDetail("maxLag", worst).withDetail("degradedAbove", degradedAbove)
                .withDetail("lagByPartition", lagByPartition);
        builder.status(worst > degradedAbove ? DEGRADED : Status.UP);
    }
}
