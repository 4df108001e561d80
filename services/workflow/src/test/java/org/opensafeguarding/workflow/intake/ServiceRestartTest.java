package org.opensafeguarding.workflow.intake;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.opensafeguarding.testkit.EmbeddedKafkaSupport;
import org.opensafeguarding.testkit.EmbeddedPostgresSupport;
import org.opensafeguarding.workflow.WorkflowApplication;
import org.opensafeguarding.workflow.support.KafkaTestClient;
import org.opensafeguarding.workflow.support.TestCallers;
import org.opensafeguarding.workflow.support.TestInfrastructure;
import org.opensafeguarding.workflow.support.TestReferrals;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The service stops after the case is saved and before the engine has the instance (here the engine is not
 * reachable at all, so every start is still pending), and the referral is delivered again while it is down.
 * After a restart on the same database: one case, one pending start, and the newer records are processed.
 */
class ServiceRestartTest {

    private final KafkaTestClient kafka = new KafkaTestClient();
    private ConfigurableApplicationContext running;

    @AfterEach
    void stop() {
        if (running != null) {
            running.close();
        }
        kafka.close();
    }

    @Test
    void aRestartBetweenCaseSavedAndInstanceCreatedLosesNothingAndDuplicatesNothing() {
        String database = EmbeddedPostgresSupport.newDatabase("workflow_restart");
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> properties = new HashMap<>();
        properties.put("spring.datasource.url", database);
        properties.put("spring.datasource.username", EmbeddedPostgresSupport.username());
        properties.put("spring.datasource.password", EmbeddedPostgresSupport.password());
        properties.put("spring.kafka.bootstrap-servers", EmbeddedKafkaSupport.bootstrapServers());
        properties.put("spring.kafka.consumer.group-id", "workflow-" + suffix);
        properties.put("safeguarding.topics.referrals", "referrals-" + suffix);
        properties.put("safeguarding.topics.referrals-dlt", "referrals-" + suffix + ".dlt");
        properties.put("safeguarding.topics.case-events", "case-events-" + suffix);
        properties.put("server.port", "0");
        int nothingListens = TestInfrastructure.freePort();
        properties.put("camunda.client.rest-address", "http://127.0.0.1:" + nothingListens);
        properties.put("camunda.client.grpc-address", "http://127.0.0.1:" + nothingListens);
        // the identity provider to trust and the integration the referrals come from
        TestCallers.register((name, value) -> properties.put(name, value.get()));
        IntakeTestSetup.register((name, value) -> properties.put(name, value.get()));
        String topic = "referrals-" + suffix;

        running = start(properties);
        JdbcClient jdbc = running.getBean(JdbcClient.class);
        ObjectNode referral = TestReferrals.valid(ReferralKind.CHILD_DEATH_NOTIFICATION);
        kafka.send(topic, "hospital-1", TestReferrals.bytes(referral));
        await().atMost(Duration.ofSeconds(30)).until(() -> count(jdbc, "SELECT count(*) FROM engine_command") == 1);
        running.close();
        running = null;

        // delivered again while the service is down, followed by a new referral
        kafka.send(topic, "hospital-1", TestReferrals.bytes(referral));
        ObjectNode later = TestReferrals.valid(ReferralKind.LADO_ALLEGATION);
        kafka.send(topic, "hospital-1", TestReferrals.bytes(later));

        running = start(properties);
        JdbcClient again = running.getBean(JdbcClient.class);
        await().atMost(Duration.ofSeconds(30)).until(() -> count(again,
                "SELECT count(*) FROM referral WHERE event_id = '" + later.get("id").asText() + "'") == 1);

        String id = referral.get("id").asText();
        assertThat(count(again, "SELECT count(*) FROM referral WHERE event_id = '" + id + "'")).isEqualTo(1);
        assertThat(count(again, "SELECT count(*) FROM case_file")).isEqualTo(2);
        assertThat(count(again, "SELECT count(*) FROM engine_command WHERE kind = 'START' AND status = 'PENDING'")).isEqualTo(2);
        assertThat(count(again, "SELECT count(*) FROM audit_log WHERE action = 'REPLAY' AND detail->>'eventId' = '" + id + "'"))
                .isEqualTo(1);
        // the start survived the restart and is still being tried
        await().atMost(Duration.ofSeconds(30)).until(() -> count(again,
                "SELECT max(attempts) FROM engine_command e JOIN referral r ON r.case_id = e.case_id WHERE r.event_id = '" + id + "'") >= 2);
    }

    /** As command-line arguments: builder defaults would lose to workflow.yml. */
    private static ConfigurableApplicationContext start(Map<String, Object> properties) {
        String[] args = properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
        return WorkflowApplication.builder().run(args);
    }

    private static long count(JdbcClient jdbc, String sql) {
        Long n = jdbc.sql(sql).query(Long.class).single();
        return n == null ? 0 : n;
    }
}
