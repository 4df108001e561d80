package org.opensafeguarding.reporting.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpServer;
import jakarta.mail.internet.MimeMessage;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opensafeguarding.reporting.ReportingApplication;
import org.opensafeguarding.reporting.rebuild.RebuildService;
import org.opensafeguarding.reporting.support.CaseEvents;
import org.opensafeguarding.reporting.support.MutableClock;
import org.opensafeguarding.reporting.support.ReportingStack;
import org.opensafeguarding.reporting.support.TestClock;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The three alert kinds, from events on the in-process broker through the projections in the embedded PostgreSQL,
 * to a real HTTP listener and a real (embedded) SMTP server; once each, retried and then given up when the
 * webhook fails, and never with more than the allowed fields.
 */
@SpringBootTest(properties = {"spring.config.name=" + ReportingApplication.CONFIG_NAME,
        "reporting.alerts.enabled=true",
        "reporting.alerts.check-interval=PT0.2S",
        "reporting.alerts.escalation-working-days=2",
        "reporting.alerts.stage-targets.StrategyMeeting=3",
        "reporting.alerts.stage-targets.Triage=20",
        "reporting.alerts.stage-minimum-count=3",
        "reporting.alerts.max-attempts=3",
        "reporting.alerts.backoff=PT1M",
        "reporting.alerts.webhook.tenants.west.secret=test-only-secret",
        "reporting.alerts.email.from=alerts@reporting.test",
        "reporting.alerts.email.tenants.west.manager=manager@west.test",
        "reporting.alerts.email.tenants.west.teams.LADO=lado-manager@west.test"})
@Import(TestClock.class)
class AlertsTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Set<String> CLOUD_EVENT_FIELDS = Set.of("specversion", "id", "source", "type", "time",
            "datacontenttype", "data");
    static final Set<String> ALLOWED = Set.of("kind", "tenant", "team", "caseType", "raisedOn", "case", "timescale",
            "dueOn", "breachedOn", "taskType", "createdOn", "workingDaysOpen", "thresholdWorkingDays", "periodStart",
            "periodEnd", "completedStages", "p90WorkingDays", "targetWorkingDays");

    static String topic;
    static KafkaProducer<String, byte[]> producer;
    static HttpServer webhook;
    static GreenMail smtp;
    static final List<Received> received = Collections.synchronizedList(new ArrayList<>());
    static final AtomicInteger failing = new AtomicInteger();

    record Received(JsonNode event, String signature, byte[] body) {
    }

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) throws IOException {
        topic = ReportingStack.register(registry, "alerts");
        webhook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        webhook.createContext("/hook", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            received.add(new Received(JSON.readTree(body),
                    exchange.getRequestHeaders().getFirst(WebhookChannel.SIGNATURE), body));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        webhook.createContext("/broken", exchange -> {
            exchange.getRequestBody().readAllBytes();
            failing.incrementAndGet();
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
        });
        webhook.start();
        String base = "http://127.0.0.1:" + webhook.getAddress().getPort();
        registry.add("reporting.alerts.webhook.tenants.west.url", () -> base + "/hook");
        registry.add("reporting.alerts.webhook.tenants.east.url", () -> base + "/broken");
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        smtp = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", () -> port);
    }

    @BeforeAll
    static void open() {
        producer = ReportingStack.producer();
    }

    @AfterAll
    static void close() {
        producer.close();
        webhook.stop(0);
        smtp.stop();
    }

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    MutableClock clock;

    @Autowired
    AlertRaiser raiser;

    @Autowired
    AlertDispatcher dispatcher;

    @Autowired
    AlertsHealthIndicator health;

    @Autowired
    RebuildService rebuilds;

    final CaseEvents west = new CaseEvents("west");
    final CaseEvents east = new CaseEvents("east");

    LocalDate today() {
        return LocalDate.now(clock.withZone(ZoneOffset.UTC));
    }

    void send(CaseEvents.Case c, byte[]... events) {
        ReportingStack.send(producer, topic, c.pseudonym, List.of(events));
    }

    List<JsonNode> webhookEvents(String kind, String casePseudonym) {
        synchronized (received) {
            return received.stream().map(Received::event)
                    .filter(e -> e.path("type").asText().equals("org.opensafeguarding.reporting.alert." + kind))
                    .filter(e -> casePseudonym == null || e.path("data").path("case").asText().equals(casePseudonym))
                    .toList();
        }
    }

    List<MimeMessage> mails(String contains) {
        return Arrays.stream(smtp.getReceivedMessages()).filter(m -> GreenMailUtil.getBody(m).contains(contains))
                .toList();
    }

    int alerts(String kind) {
        return jdbc.queryForObject("SELECT count(*) FROM alert WHERE kind = ?", Integer.class, kind);
    }

    @Test
    void aBreachedDeadlineIsAlertedOnceByWebhookAndEmailWithOnlyTheAllowedFields() throws Exception {
        CaseEvents.Case c = west.lado("alert-breach");
        LocalDate today = today();
        byte[] set = c.deadline("set", "L3", today.minusDays(1), today.minusDays(5));
        // a field no alert may carry, as if it had slipped into an event: it must not reach the manager
        byte[] breached = c.unchecked().withData("case.deadline.breached", dataOf(c, today),
                Map.of("timescale", "L3", "dueOn", today.minusDays(1).toString(), "childName", "Jane Example"));
        send(c, set, breached);

        await().atMost(Duration.ofSeconds(60)).until(() -> webhookEvents("deadline-breached", c.pseudonym).size() == 1
                && mails(c.pseudonym).size() == 1);

        Received r;
        synchronized (received) {
            r = received.stream().filter(x -> x.event().path("data").path("case").asText().equals(c.pseudonym))
                    .findFirst().orElseThrow();
        }
        assertThat(r.signature()).isEqualTo("sha256=" + WebhookChannel.hmac("test-only-secret", r.body()));
        assertThat(fieldNames(r.event())).isSubsetOf(CLOUD_EVENT_FIELDS);
        JsonNode data = r.event().path("data");
        assertThat(fieldNames(data)).isSubsetOf(ALLOWED);
        assertThat(data.path("kind").asText()).isEqualTo("deadline-breached");
        assertThat(data.path("tenant").asText()).isEqualTo("west");
        assertThat(data.path("team").asText()).isEqualTo("LADO");
        assertThat(data.path("timescale").asText()).isEqualTo("L3");
        assertThat(data.path("dueOn").asText()).isEqualTo(today.minusDays(1).toString());
        assertThat(data.path("breachedOn").asText()).isEqualTo(today.toString());
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).doesNotContain("Jane").doesNotContain("childName");

        MimeMessage mail = mails(c.pseudonym).get(0);
        assertThat(mail.getAllRecipients()).extracting(Object::toString).containsExactly("lado-manager@west.test");
        String text = GreenMailUtil.getBody(mail);
        assertThat(text).doesNotContain("Jane").doesNotContain("childName");
        for (String line : text.split("\\r?\\n")) {
            int colon = line.indexOf(": ");
            if (colon > 0) {
                assertThat(line.substring(0, colon)).isIn(ALLOWED);
            }
        }
        assertThat(mail.getSubject()).contains("Deadline breached").contains("L3").doesNotContain("Jane");

        // the same records again (a redelivery: same CloudEvent ids) and a check: nothing new, nothing resent
        int before = alerts("DEADLINE_BREACHED");
        send(c, set, breached);
        ReportingStack.awaitConsumed(topic, "reporting-" + topic);
        assertThat(raiser.check()).isZero();
        dispatcher.dispatch();
        assertThat(alerts("DEADLINE_BREACHED")).isEqualTo(before);
        assertThat(webhookEvents("deadline-breached", c.pseudonym)).hasSize(1);
        assertThat(mails(c.pseudonym)).hasSize(1);

        // a rebuild replays the topic into a new projection version: every alert key is taken already
        RebuildService.Result rebuilt = rebuilds.start().done().get(120, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM deadline WHERE projection_version = ? AND state = "
                + "'BREACHED' AND case_pseudonym = ?", Integer.class, rebuilt.version(), c.pseudonym)).isEqualTo(1);
        assertThat(raiser.check()).isZero();
        dispatcher.dispatch();
        assertThat(alerts("DEADLINE_BREACHED")).isEqualTo(before);
        assertThat(webhookEvents("deadline-breached", c.pseudonym)).hasSize(1);
        assertThat(mails(c.pseudonym)).hasSize(1);
    }

    @Test
    void anEscalationLeftUnansweredForTwoWorkingDaysIsAlertedOnce() {
        CaseEvents.Case waiting = west.lado("alert-escalation-waiting");
        CaseEvents.Case answered = west.lado("alert-escalation-answered");
        LocalDate created = today();
        send(waiting, waiting.task("created", "esc-1", "Escalate", created, null),
                waiting.task("assigned", "esc-1", "Escalate", created, "lado-manager"));
        send(answered, answered.task("created", "esc-2", "Escalate", created, null),
                answered.task("completed", "esc-2", "Escalate", created.plusDays(1), null));
        ReportingStack.awaitConsumed(topic, "reporting-" + topic);

        // claimed but not answered: still nothing on the day it was created, nor one working day later
        raiser.check();
        assertThat(alertsFor("ESCALATION_UNANSWERED", waiting.pseudonym)).isZero();
        moveTo(nextWorkingDay(created));
        raiser.check();
        assertThat(alertsFor("ESCALATION_UNANSWERED", waiting.pseudonym)).isZero();

        moveTo(nextWorkingDay(nextWorkingDay(created)));
        await().atMost(Duration.ofSeconds(30)).until(() ->
                webhookEvents("escalation-unanswered", waiting.pseudonym).size() == 1
                        && mails(waiting.pseudonym).size() == 1);
        JsonNode data = webhookEvents("escalation-unanswered", waiting.pseudonym).get(0).path("data");
        assertThat(fieldNames(data)).isSubsetOf(ALLOWED);
        assertThat(data.path("workingDaysOpen").asInt()).isEqualTo(2);
        assertThat(data.path("createdOn").asText()).isEqualTo(created.toString());
        assertThat(data.path("taskType").asText()).isEqualTo("Escalate");

        // a day later it is still unanswered: no second alert; the answered one never raised any
        moveTo(nextWorkingDay(today()));
        assertThat(raiser.check()).isZero();
        assertThat(alertsFor("ESCALATION_UNANSWERED", waiting.pseudonym)).isEqualTo(1);
        assertThat(alertsFor("ESCALATION_UNANSWERED", answered.pseudonym)).isZero();
        assertThat(webhookEvents("escalation-unanswered", answered.pseudonym)).isEmpty();
    }

    @Test
    void aStageWhoseP90ExceedsItsTargetIsAlertedOncePerPeriod() {
        LocalDate today = today();
        for (int i = 0; i < 3; i++) {
            CaseEvents.Case c = west.lado("alert-stage-" + i);
            send(c, c.task("created", "sm-" + i, "StrategyMeeting", today.minusDays(14), null),
                    c.task("completed", "sm-" + i, "StrategyMeeting", today, null),
                    c.task("created", "tr-" + i, "Triage", today.minusDays(3), null),
                    c.task("completed", "tr-" + i, "Triage", today, null));
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> webhookEvents("stage-p90-over-target", null).size() == 1
                && mails("stage-p90-over-target").size() == 1);
        JsonNode data = webhookEvents("stage-p90-over-target", null).get(0).path("data");
        assertThat(fieldNames(data)).isSubsetOf(ALLOWED);
        assertThat(data.path("taskType").asText()).isEqualTo("StrategyMeeting");
        assertThat(data.path("targetWorkingDays").asInt()).isEqualTo(3);
        assertThat(data.path("p90WorkingDays").asDouble()).isGreaterThan(3);
        assertThat(data.path("completedStages").asInt()).isEqualTo(3);
        assertThat(data.path("periodEnd").asText()).isEqualTo(today.toString());
        assertThat(data.has("case")).isFalse();

        // another slow one in the same period, and the next day: the stage is not alerted again
        CaseEvents.Case late = west.lado("alert-stage-late");
        send(late, late.task("created", "sm-late", "StrategyMeeting", today.minusDays(20), null),
                late.task("completed", "sm-late", "StrategyMeeting", today, null));
        ReportingStack.awaitConsumed(topic, "reporting-" + topic);
        moveTo(today.plusDays(1));
        assertThat(raiser.check()).isZero();
        assertThat(alerts("STAGE_P90_OVER_TARGET")).isEqualTo(1);
    }

    @Test
    void aFailingWebhookIsRetriedWithBackOffThenMarkedFailedAndShown() {
        CaseEvents.Case c = east.lado("alert-broken-webhook");
        LocalDate today = today();
        send(c, c.deadline("set", "L2", today.minusDays(2), today.minusDays(4)),
                c.deadline("breached", "L2", today.minusDays(2), today));
        await().atMost(Duration.ofSeconds(60)).until(() -> attempts(c.pseudonym) == 1);
        assertThat(failing.get()).isEqualTo(1);
        assertThat(state(c.pseudonym)).isEqualTo("PENDING");

        // not before the back-off has passed on the service's clock
        assertThat(dispatcher.dispatch()).isZero();
        clock.advance(Duration.ofMinutes(1));
        await().atMost(Duration.ofSeconds(30)).until(() -> attempts(c.pseudonym) == 2);
        clock.advance(Duration.ofMinutes(1));
        assertThat(dispatcher.dispatch()).isZero(); // the second wait is twice the first
        clock.advance(Duration.ofMinutes(1));
        await().atMost(Duration.ofSeconds(30)).until(() -> "FAILED".equals(state(c.pseudonym)));
        assertThat(attempts(c.pseudonym)).isEqualTo(3);
        assertThat(failing.get()).isEqualTo(3);

        clock.advance(Duration.ofDays(1));
        dispatcher.dispatch();
        assertThat(failing.get()).isEqualTo(3);
        Health h = health.health();
        assertThat(((Number) h.getDetails().get("failed")).longValue()).isGreaterThanOrEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT d.last_error FROM alert_delivery d JOIN alert a ON a.id = d.alert_id "
                + "WHERE a.payload LIKE ?", String.class, "%" + c.pseudonym + "%")).contains("503");
        // east has no manager address: a webhook delivery only
        assertThat(mails(c.pseudonym)).isEmpty();
    }

    int alertsFor(String kind, String casePseudonym) {
        return jdbc.queryForObject("SELECT count(*) FROM alert WHERE kind = ? AND payload LIKE ?", Integer.class, kind,
                "%" + casePseudonym + "%");
    }

    Integer attempts(String casePseudonym) {
        List<Integer> a = jdbc.queryForList("SELECT d.attempts FROM alert_delivery d JOIN alert a ON a.id = d.alert_id "
                + "WHERE a.payload LIKE ? AND d.channel = 'WEBHOOK'", Integer.class, "%" + casePseudonym + "%");
        return a.isEmpty() ? -1 : a.get(0);
    }

    String state(String casePseudonym) {
        List<String> a = jdbc.queryForList("SELECT d.state FROM alert_delivery d JOIN alert a ON a.id = d.alert_id "
                + "WHERE a.payload LIKE ? AND d.channel = 'WEBHOOK'", String.class, "%" + casePseudonym + "%");
        return a.isEmpty() ? null : a.get(0);
    }

    void moveTo(LocalDate day) {
        clock.set(day.atTime(12, 0).toInstant(ZoneOffset.UTC));
    }

    static LocalDate nextWorkingDay(LocalDate d) {
        LocalDate n = d.plusDays(1);
        while (n.getDayOfWeek().getValue() >= 6) {
            n = n.plusDays(1);
        }
        return n;
    }

    static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new java.util.HashSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    static com.fasterxml.jackson.databind.node.ObjectNode dataOf(CaseEvents.Case c, LocalDate on) {
        return c.commonData(on);
    }
}
