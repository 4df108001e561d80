package org.opensafeguarding.platform.health;

import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.kafka.core.KafkaAdmin;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Reports the Kafka cluster as UP when a broker answers a describe-cluster request in time.
 * Spring Boot has no Kafka health indicator of its own, and an operator needs to see a dead broker
 * here rather than in the outbox backlog an hour later.
 */
public class KafkaHealthIndicator extends AbstractHealthIndicator {

    private final KafkaAdmin kafkaAdmin;
    private final Duration timeout;
    private volatile AdminClient client;

    public KafkaHealthIndicator(KafkaAdmin kafkaAdmin, Duration timeout) {
        super("Kafka health check failed");
        this.kafkaAdmin = kafkaAdmin;
        this.timeout = timeout;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) throws Exception {
        DescribeClusterResult cluster = client()
                .describeCluster(new DescribeClusterOptions().timeoutMs((int) timeout.toMillis()));
        long wait = timeout.toMillis() + 500;
        String clusterId = cluster.clusterId().get(wait, TimeUnit.MILLISECONDS);
        int brokers = cluster.nodes().get(wait, TimeUnit.MILLISECONDS).size();
        builder.up()
                .withDetail("clusterId", clusterId)
                .withDetail("brokers", brokers)
                .withDetail("bootstrapServers", kafkaAdmin.getConfigurationProperties()
                        .get("bootstrap.servers"));
    }

    private AdminClient client() {
        AdminClient c = client;
        if (c == null) {
            synchronized (this) {
                c = client;
                if (c == null) {
                    // One long-lived admin client: creating one per probe would open new connections every few seconds.
                    c = AdminClient.create(kafkaAdmin.getConfigurationProperties());
                    client = c;
                }
            }
        }
        return c;
    }

    public void close() {
        AdminClient c = client;
        if (c != null) {
            c.close(Duration.ofSeconds(2));
        }
    }
}
