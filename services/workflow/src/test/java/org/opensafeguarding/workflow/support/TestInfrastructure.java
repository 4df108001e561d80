package org.opensafeguarding.workflow.support;

import org.opensafeguarding.testkit.EmbeddedInfrastructure;
import org.springframework.test.context.DynamicPropertyRegistry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.UUID;

/**
 * Real PostgreSQL and Kafka for one test class, with topics and a consumer group of its own so classes sharing
 * the JVM's broker never read each other's records. The engine address points at a port nobody listens on:
 * these tests run without an engine, which the dispatcher must survive.
 */
public final class TestInfrastructure {

    private TestInfrastructure() {
    }

    /** The database role the service runs as, as in production: it may only read and append to the audit trail. */
    public static final String SERVICE_ROLE = "workflow_service";

    public record Topics(String referrals, String dlt, String caseEvents, String receipts) {
    }

    public static Topics register(DynamicPropertyRegistry registry) {
        EmbeddedInfrastructure.register(registry, "workflow", SERVICE_ROLE);
        TestCallers.register(registry);
        return registerTopicsAndEngine(registry);
    }

    public static Topics registerTopicsAndEngine(DynamicPropertyRegistry registry) {
        Topics topics = registerTopics(registry);
        int nothingListens = freePort();
        registry.add("camunda.client.rest-address", () -> "http://127.0.0.1:" + nothingListens);
        registry.add("camunda.client.grpc-address", () -> "http://127.0.0.1:" + nothingListens);
        return topics;
    }

    /**
     * PostgreSQL, Kafka and topics as {@link #register}, with the client pointed at this running local engine (REST
     * preferred, as the 8.8 client does by default).
     */
    public static Topics registerWithEngine(DynamicPropertyRegistry registry, LocalEngine engine) {
        EmbeddedInfrastructure.register(registry, "workflow", SERVICE_ROLE);
        TestCallers.register(registry);
        Topics topics = registerTopics(registry);
        registry.add("camunda.client.rest-address", () -> engine.restAddress().toString());
        registry.add("camunda.client.grpc-address", () -> engine.grpcAddress().toString());
        registry.add("camunda.client.prefer-rest-over-grpc", () -> "true");
        return topics;
    }

    public static Topics registerTopics(DynamicPropertyRegistry registry) {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        Topics topics = new Topics("referrals-" + suffix, "referrals-" + suffix + ".dlt", "case-events-" + suffix,
                "receipts-" + suffix);
        registry.add("safeguarding.topics.referrals", topics::referrals);
        registry.add("safeguarding.topics.referrals-dlt", topics::dlt);
        registry.add("safeguarding.topics.case-events", topics::caseEvents);
        registry.add("safeguarding.topics.referral-receipts", topics::receipts);
        registry.add("safeguarding.topics.partitions", () -> "2");
        registry.add("spring.kafka.consumer.group-id", () -> "workflow-" + suffix);
        return topics;
    }

    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
