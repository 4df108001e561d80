package org.opensafeguarding.reporting.benchmark;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.opensafeguarding.reporting.ReportingApplication;
import org.opensafeguarding.reporting.annual.AnnualTables;
import org.opensafeguarding.reporting.api.DeadlineQueries;
import org.opensafeguarding.reporting.api.Period;
import org.opensafeguarding.reporting.api.ReportScope;
import org.opensafeguarding.reporting.rebuild.RebuildService;
import org.opensafeguarding.reporting.support.CaseEvents;
import org.opensafeguarding.reporting.support.ReportingStack;
import org.opensafeguarding.reporting.support.TestClock;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Prints figures, asserts none: {@code ./mvnw -pl services/reporting test -Dtest=ReportingBenchmarkTest
 * -Dbenchmark=true [-Dbenchmark.scale=0.04]}. Scale 1.0 is ten national years (40,000 child deaths, 4,000 serious
 * incidents, 150,000 LADO referrals, about 29 events each: some 5.6 million events); the default is 4% of that.
 * Figures go to stdout and target/benchmark/reporting.txt.
 */
@EnabledIfSystemProperty(named = "benchmark", matches = "true")
@SpringBootTest(properties = {"spring.config.name=" + ReportingApplication.CONFIG_NAME,
        "spring.kafka.consumer.max-poll-records=2000"})
@Import(TestClock.class)
class ReportingBenchmarkTest {

    static String topic;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        topic = ReportingStack.register(registry, "benchmark");
    }

    @Autowired
    RebuildService rebuilds;

    @Autowired
    AnnualTables annual;

    @Autowired
    DeadlineQueries deadlines;

    @Test
    void replayAndQueryFigures() throws Exception {
        double scale = Double.parseDouble(System.getProperty("benchmark.scale", "0.04"));
        int deaths = (int) (40_000 * scale);
        int incidents = (int) (4_000 * scale);
        int lado = (int) (150_000 * scale);
        long sent = produce(deaths, incidents, lado);

        long liveStart = System.nanoTime();
        ReportingStack.awaitConsumed(topic, "reporting-" + topic, java.time.Duration.ofMinutes(60));
        double liveSeconds = (System.nanoTime() - liveStart) / 1e9;

        RebuildService.Result replay = rebuilds.start().done().get();
        double replayRate = replay.events() * 1000.0 / replay.millis();

        Period year = new Period(LocalDate.of(2021, 4, 1), LocalDate.of(2022, 3, 31));
        ReportScope.Scope national = new ReportScope.Scope("national", ReportScope.ALL_CASE_TYPES);
        double ladoMs = time(() -> annual.table("lado", "national", year));
        double cdopMs = time(() -> annual.table("cdop", "national", year));
        double reviewMs = time(() -> annual.table("review", "national", year));
        double overdueMs = time(() -> deadlines.list(national, null, "overdue", 10_000));
        int overdueRows = deadlines.list(national, null, "overdue", 10_000).rows().size();

        String figures = String.format("""
                reporting benchmark (scale %.3f of ten national years: %d child deaths, %d serious incidents, %d LADO referrals)
                  events on the topic:            %d
                  live consumption (from first):  %.1f s while producing, %.0f events/s
                  rebuild replay into projections: %d events in %.1f s = %.0f events/s
                  annual LADO table (one year):   %.0f ms (median of 5)
                  annual CDOP table (one year):   %.0f ms (median of 5)
                  annual review table (one year): %.0f ms (median of 5)
                  overdue deadlines list:         %.0f ms (median of 5, %d rows, limit 10000)
                """, scale, deaths, incidents, lado, sent, liveSeconds, sent / liveSeconds, replay.events(),
                replay.millis() / 1000.0, replayRate, ladoMs, cdopMs, reviewMs, overdueMs, overdueRows);
        System.out.println(figures);
        write(figures);
    }

    private static double time(Supplier<?> query) {
        query.get(); // warm
        double[] ms = new double[5];
        for (int i = 0; i < ms.length; i++) {
            long t = System.nanoTime();
            query.get();
            ms[i] = (System.nanoTime() - t) / 1e6;
        }
        Arrays.sort(ms);
        return ms[2];
    }

    /** Ten years of cases spread over 2016-2026, each with the events its process would publish. */
    private long produce(int deaths, int incidents, int lado) {
        Random random = new Random(42);
        CaseEvents events = new CaseEvents("national");
        long sent = 0;
        try (KafkaProducer<String, byte[]> producer = ReportingStack.producer()) {
            for (int i = 0; i < deaths + incidents + lado; i++) {
                CaseEvents.Case c = i < deaths ? events.childDeath("b" + i)
                        : i < deaths + incidents ? events.seriousIncident("b" + i) : events.lado("b" + i);
                LocalDate on = LocalDate.of(2016, 4, 1).plusDays(random.nextInt(3650));
                List<byte[]> values = caseEvents(c, i, on, random);
                for (byte[] v : values) {
                    producer.send(new ProducerRecord<>(topic, c.pseudonym, v));
                }
                sent += values.size();
            }
            producer.flush();
        }
        return sent;
    }

    private static List<byte[]> caseEvents(CaseEvents.Case c, int i, LocalDate on, Random random) {
        String[] tasks = {"InitialConsideration", "PotMeeting", "ReviewMeeting", "OutcomeMeeting", "CloseCase"};
        List<byte[]> v = new ArrayList<>();
        v.add(c.opened(on, "lado-allegation", on, "10-14y", Map.of("setting", "s" + random.nextInt(9),
                "abuseCategory", "a" + random.nextInt(4), "referralSource", "r" + random.nextInt(8),
                "expectedness", random.nextBoolean() ? "expected" : "unexpected", "sex", random.nextBoolean() ? "f" : "m")));
        LocalDate day = on;
        boolean open = random.nextInt(50) == 0;
        for (int t = 0; t < tasks.length; t++) {
            String task = "b" + i + "-" + t;
            v.add(c.deadline("set", "X" + t, day.plusDays(7), day));
            v.add(c.task("created", task, tasks[t], day, null));
            v.add(c.task("assigned", task, tasks[t], day.plusDays(1), "LADO_OFFICER"));
            if (open && t == tasks.length - 1) {
                return v;
            }
            LocalDate done = day.plusDays(1 + random.nextInt(12));
            v.add(c.task("completed", task, tasks[t], done, null));
            v.add(c.deadline(done.isAfter(day.plusDays(7)) ? "breached" : "met", "X" + t, day.plusDays(7), done));
            day = done;
        }
        v.add(c.outcome("kcsie-finding", "o" + random.nextInt(5), day));
        v.add(c.outcome("category-of-death", Integer.toString(1 + random.nextInt(10)), day));
        v.add(c.closed(day.plusDays(1)));
        return v;
    }

    private static void write(String figures) throws IOException {
        Path out = Path.of("target/benchmark/reporting.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, figures);
    }
}
