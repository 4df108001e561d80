package org.opensafeguarding.workflow.benchmark;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.opensafeguarding.testkit.EmbeddedKafkaSupport;
import org.opensafeguarding.workflow.WorkflowApplication;
import org.opensafeguarding.workflow.intake.ReferralKind;
import org.opensafeguarding.workflow.support.TestInfrastructure;
import org.opensafeguarding.workflow.support.TestReferrals;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Throughput and latency of the intake: from the referral record's timestamp on the topic to its case, referral,
 * pending start, outbox event and audit rows being committed. Run with
 * {@code ./mvnw -pl services/workflow test -Dtest=IntakeBenchmarkTest -Dbenchmark=true [-Dbenchmark.count=2000]};
 * it is skipped otherwise, because timing on a shared 2-core machine says nothing in a normal build.
 * Figures go to stdout and {@code target/benchmark/intake.txt}.
 */
@EnabledIfSystemProperty(named = "benchmark", matches = "true")
@SpringBootTest(properties = {"spring.config.name=" + WorkflowApplication.CONFIG_NAME,
        "logging.level.org.opensafeguarding.workflow.engine=ERROR",
        "safeguarding.intake.consumers=${benchmark.consumers:1}"})
@DirtiesContext
class IntakeBenchmarkTest {

    static TestInfrastructure.Topics topics;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        topics = TestInfrastructure.register(registry);
    }

    @Autowired
    JdbcClient jdbc;

    @Test
    void referralsPerSecondAndLatencyToCase() throws Exception {
        int warmUp = 100;
        int count = Integer.getInteger("benchmark.count", 1000);
        int rate = Integer.getInteger("benchmark.rate", 50);
        ReferralKind[] kinds = ReferralKind.values();

        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, EmbeddedKafkaSupport.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.LINGER_MS_CONFIG, 5))) {
            for (int i = 0; i < warmUp; i++) {
                producer.send(new ProducerRecord<>(topics.referrals(), "warm-" + i, TestReferrals.bytes(TestReferrals.valid(kinds[i % 4]))));
            }
            producer.flush();
            await().atMost(Duration.ofMinutes(2)).until(() -> cases() == warmUp);

            Phase burst = run(producer, kinds, count, 0);
            Phase paced = run(producer, kinds, Math.max(rate * 10, 100), rate);
            String report = String.format("""
                    intake benchmark (Kafka record -> case + referral + pending start + outbox + audit committed)
                    consumers: %s, partitions: 2, machine cores: %d, warm-up: %d referrals
                    burst: %d referrals produced at once: %.1f referrals/s; latency median %d ms, p99 %d ms
                    paced: %d referrals at %d/s: %.1f referrals/s; latency median %d ms, p99 %d ms, max %d ms
                    (to a running instance and first task: EngineEndToEndTest#firstTaskBenchmark)
                    """, System.getProperty("benchmark.consumers", "1"), Runtime.getRuntime().availableProcessors(), warmUp,
                    burst.count, burst.perSecond, burst.median, burst.p99,
                    paced.count, rate, paced.perSecond, paced.median, paced.p99, paced.max);
            System.out.println(report);
            Path out = Path.of("target", "benchmark", "intake.txt");
            Files.createDirectories(out.getParent());
            Files.writeString(out, report);
        }
    }

    record Phase(int count, double perSecond, long median, long p99, long max) {
    }

    /** Sends {@code count} referrals, all at once (rate 0) or at a fixed rate, and waits until each has its case. */
    private Phase run(KafkaProducer<String, byte[]> producer, ReferralKind[] kinds, int count, int rate) throws Exception {
        long casesBefore = cases();
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        List<byte[]> records = new ArrayList<>(count);
        List<String> ids = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            var event = TestReferrals.valid(kinds[i % kinds.length]);
            records.add(TestReferrals.bytes(event));
            ids.add(event.get("id").asText());
        }
        AtomicInteger next = new AtomicInteger();
        Runnable sendOne = () -> {
            int i = next.getAndIncrement();
            if (i >= count) {
                return;
            }
            // the record timestamp (CreateTime) is when the producer handed it over: the clock starts there
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(topics.referrals(), null,
                    System.currentTimeMillis(), "source-" + (i % 16), records.get(i));
            sentAt.put(ids.get(i), record.timestamp());
            producer.send(record);
        };
        long start = System.currentTimeMillis();
        if (rate <= 0) {
            for (int i = 0; i < count; i++) {
                sendOne.run();
            }
            producer.flush();
        } else {
            ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
            try {
                pacer.scheduleAtFixedRate(sendOne, 0, 1_000_000L / rate, TimeUnit.MICROSECONDS);
                await().atMost(Duration.ofMinutes(5)).until(() -> next.get() >= count);
            } finally {
                pacer.shutdownNow();
            }
            producer.flush();
        }
        await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(200)).until(() -> cases() == casesBefore + count);

        List<Long> latencies = new ArrayList<>(count);
        long[] last = {0};
        jdbc.sql("SELECT event_id, (extract(epoch FROM received_at) * 1000)::bigint AS at FROM referral").query(rs -> {
            Long sent = sentAt.get(rs.getString("event_id"));
            if (sent != null) {
                long at = rs.getLong("at");
                latencies.add(at - sent);
                last[0] = Math.max(last[0], at);
            }
        });
        Collections.sort(latencies);
        assertThat(latencies).hasSize(count);
        double seconds = (last[0] - start) / 1000.0;
        return new Phase(count, count / seconds, latencies.get(count / 2),
                latencies.get((int) Math.ceil(count * 0.99) - 1), latencies.get(count - 1));
    }

    private long cases() {
        return jdbc.sql("SELECT count(*) FROM case_file").query(Long.class).single();
    }

}
