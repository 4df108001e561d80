package org.opensafeguarding.platform.health;

import org.junit.jupiter.api.Test;
import org.opensafeguarding.testkit.EmbeddedKafkaSupport;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;
import org.springframework.kafka.core.KafkaAdmin;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class KafkaHealthIndicatorTest {

    @Test
    void upWithClusterDetailsWhenTheBrokerAnswers() {
        KafkaHealthIndicator indicator = indicatorFor(EmbeddedKafkaSupport.bootstrapServers());
        try {
            Health health = indicator.health();
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).containsEntry("brokers", 1).containsKey("clusterId");
        } finally {
            indicator.close();
        }
    }

    @Test
    void downWhenNothingListensAtTheBootstrapAddress() throws Exception {
        int unusedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            unusedPort = s.getLocalPort();
        }
        KafkaHealthIndicator indicator = indicatorFor("127.0.0.1:" + unusedPort);
        try {
            assertThat(indicator.health().getStatus()).isEqualTo(Status.DOWN);
        } finally {
            indicator.close();
        }
    }

    private static KafkaHealthIndicator indicatorFor(String bootstrap) {
        KafkaAdmin admin = new KafkaAdmin(Map.of("bootstrap.servers", bootstrap));
        return new KafkaHealthIndicator(admin, Duration.ofSeconds(2));
    }
}
