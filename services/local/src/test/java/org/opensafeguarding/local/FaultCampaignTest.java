package org.opensafeguarding.local;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The fault campaign (issue 13, docs/operations.md "Fault campaign"): PostgreSQL, a Kafka broker, the engine and two
 * workflow service instances, each its own process, under a load of LADO referrals whose first tasks caseworkers
 * complete as they appear. Phase by phase, with referrals flowing before and after each fault: both instances side
 * by side; a rolling restart of one (SIGTERM, start); then {@code kill -9} of the engine, of a workflow instance, of
 * the Kafka broker and of PostgreSQL, each started again at once. Afterwards every referral must be exactly one case
 * with one process instance, every accepted completion done once (engine, mirror, completion record, audit, event),
 * and every case event received by a Kafka consumer once per id with no gap and in order; the table of what each
 * phase sent, got and lost is printed and written to {@code target/fault-campaign.txt}.
 *
 * <p>{@code -Dcampaign.referrals=N} sets the load (default 1,000).
 */
class FaultCampaignTest {

    private static final int REFERRALS = Integer.getInteger("campaign.referrals", 1000);
    private static final Duration SETTLE = Duration.ofMinutes(10);

    private enum Phase {
        SIDE_BY_SIDE("none: two workflow instances side by side", null),
        ROLLING_RESTART("rolling restart of workflow-b (SIGTERM, start)", null),
        ENGINE("kill -9 engine", CampaignStack.Component.ENGINE),
        WORKFLOW("kill -9 workflow-a", CampaignStack.Component.WORKFLOW_INSTANCE),
        KAFKA("kill -9 Kafka broker", CampaignStack.Component.KAFKA),
        POSTGRES("kill -9 PostgreSQL (postmaster and backends)", CampaignStack.Component.POSTGRESQL);

        final String label;
        final CampaignStack.Component killed;

        Phase(String label, CampaignStack.Component killed) {
            this.label = label;
            this.killed = killed;
        }
    }

    @Test
    void everyReferralIsOneCaseAndEveryEventArrivesOnceThroughEachKill(@TempDir Path data) throws Exception {
        Phase[] phases = Phase.values();
        List<String> labels = new ArrayList<>();
        List<Double> restarted = new ArrayList<>();
        List<Double> recovered = new ArrayList<>();
        Instant began = Instant.now();
        try (CampaignStack stack = new CampaignStack(data, Path.of("target", "fault-campaign-logs"), 2)) {
            stack.start();
            Instant up = Instant.now();
            try (CaseEventTap tap = new CaseEventTap(stack.bootstrapServers());
                 CampaignLoad load = new CampaignLoad(stack)) {
                tap.start();
                load.start();
                int releasedSoFar = 0;
                for (int p = 0; p < phases.length; p++) {
                    Phase phase = phases[p];
                    int slice = p < phases.length - 1 ? REFERRALS / phases.length
                            : REFERRALS - (phases.length - 1) * (REFERRALS / phases.length);
                    int before = slice / 2;
                    load.release(before, p);
                    releasedSoFar += before;
                    awaitSent(load, releasedSoFar);
                    Instant fault = Instant.now();
                    int firstAfter = releasedSoFar;
                    // the load does not wait for the restart: the rest of the slice goes while the part is down
                    if (phase == Phase.ROLLING_RESTART) {
                        load.release(slice - before, p);
                        stack.rollingRestart(1);
                    } else if (phase.killed != null) {
                        stack.kill9(phase.killed);
                        load.release(slice - before, p);
                        stack.restart(phase.killed);
                    } else {
                        load.release(slice - before, p);
                    }
                    double back = phase == Phase.SIDE_BY_SIDE ? Double.NaN : secondsSince(fault);
                    releasedSoFar += slice - before;
                    // with no fault, the same measure is the baseline: how long a referral takes end to end anyway
                    double seconds = secondsUntilEndToEnd(stack, load, tap, firstAfter, fault);
                    awaitSent(load, releasedSoFar);
                    labels.add(phase.label);
                    restarted.add(back);
                    recovered.add(seconds);
                    assertThat(load.failures()).as("the load's own failures").isEmpty();
                }
                Instant loaded = Instant.now();

                await("every case's first task completed").atMost(SETTLE).pollInterval(Duration.ofMillis(500))
                        .until(() -> load.completed().size() >= REFERRALS || !load.failures().isEmpty());
                assertThat(load.failures()).as("the load's own failures").isEmpty();

                CampaignVerdict verdict = new CampaignVerdict(stack);
                AtomicReference<List<CampaignVerdict.Row>> rows = new AtomicReference<>();
                // the last events (a next task's creation) are still being relayed: judge until nothing is in flight
                await("the campaign's records agree").atMost(SETTLE).pollInterval(Duration.ofSeconds(1))
                        .ignoreExceptions().until(() -> {
                            verdict.findings.clear();
                            rows.set(verdict.judge(labels, restarted, recovered, load.sent(), load.completed(), tap.received()));
                            return rows.get().stream().allMatch(r -> r.lost() == 0)
                                    && count(stack, "SELECT count(*) FROM outbox_event WHERE published_at IS NULL") == 0;
                        });
                Instant settled = Instant.now();

                String report = "Fault campaign: " + REFERRALS + " referrals; stack up in "
                        + Duration.between(began, up).toSeconds() + " s, load and faults "
                        + Duration.between(up, loaded).toSeconds() + " s, settled after "
                        + Duration.between(loaded, settled).toSeconds() + " s more\n"
                        + CampaignVerdict.table(rows.get())
                        + (verdict.findings.isEmpty() ? "" : "Findings:\n  " + String.join("\n  ",
                        verdict.findings.subList(0, Math.min(50, verdict.findings.size()))) + "\n");
                System.out.println(report);
                Path out = Path.of("target", "fault-campaign.txt");
                Files.createDirectories(out.getParent());
                Files.writeString(out, report);

                assertThat(tap.failures()).as("the consumer's failures").isEmpty();
                assertThat(verdict.findings).as("findings").isEmpty();
                for (CampaignVerdict.Row r : rows.get()) {
                    assertThat(r.cases()).as("cases of %s", r.fault()).isEqualTo(r.referrals());
                    assertThat(r.instances()).as("instances of %s", r.fault()).isEqualTo(r.cases());
                    assertThat(r.lost()).as("lost in %s", r.fault()).isZero();
                    assertThat(r.duplicated()).as("duplicated in %s", r.fault()).isZero();
                    assertThat(r.reordered()).as("reordered in %s", r.fault()).isZero();
                }
                assertThat(rows.get().stream().mapToInt(CampaignVerdict.Row::referrals).sum()).isEqualTo(REFERRALS);
                assertThat(rows.get().stream().mapToInt(CampaignVerdict.Row::tasksCompleted).sum()).isEqualTo(REFERRALS);
            }
        }
    }

    private static void awaitSent(CampaignLoad load, int count) {
        await(count + " referrals accepted").atMost(SETTLE).pollInterval(Duration.ofMillis(100))
                .until(() -> load.sentCount() >= count || !load.failures().isEmpty());
        assertThat(load.failures()).as("the load's own failures").isEmpty();
    }

    /**
     * Seconds from the fault until a referral sent after the restart has gone all the way: case stored, instance
     * started, first task mirrored into the tasklist, case.opened received from Kafka.
     */
    private static double secondsUntilEndToEnd(CampaignStack stack, CampaignLoad load, CaseEventTap tap, int firstIndex,
                                               Instant fault) {
        await("a referral sent after the fault through end to end").atMost(SETTLE).pollInterval(Duration.ofMillis(200))
                .ignoreExceptions().until(() -> {
                    Optional<CampaignLoad.Sent> probe = load.sent().stream().filter(s -> s.index() >= firstIndex)
                            .findFirst();
                    if (probe.isEmpty()) {
                        return false;
                    }
                    Optional<String> pseudonym = pseudonymOfServedReferral(stack, probe.get().eventId());
                    if (pseudonym.isEmpty()) {
                        return false;
                    }
                    Set<String> opened = new HashSet<>();
                    tap.received().stream().filter(r -> r.type().endsWith(".case.opened"))
                            .forEach(r -> opened.add(r.pseudonym()));
                    return opened.contains(pseudonym.get());
                });
        return secondsSince(fault);
    }

    private static double secondsSince(Instant start) {
        return Duration.between(start, Instant.now()).toMillis() / 1000.0;
    }

    private static Optional<String> pseudonymOfServedReferral(CampaignStack stack, String eventId) throws Exception {
        try (Connection c = DriverManager.getConnection(stack.jdbcUrl("workflow"), LocalPostgres.USER, "");
             PreparedStatement s = c.prepareStatement("""
                     SELECT o.partition_key FROM intake_inbox i
                     JOIN case_file f ON f.id = i.case_id AND f.process_instance_key IS NOT NULL
                     JOIN outbox_event o ON o.case_id = f.id
                     WHERE i.event_id = ? AND EXISTS (SELECT 1 FROM case_task t WHERE t.case_id = f.id)
                     LIMIT 1""")) {
            s.setString(1, eventId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    private static long count(CampaignStack stack, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(stack.jdbcUrl("workflow"), LocalPostgres.USER, "");
             PreparedStatement s = c.prepareStatement(sql); ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
