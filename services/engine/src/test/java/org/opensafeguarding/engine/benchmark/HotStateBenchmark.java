package org.opensafeguarding.engine.benchmark;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.LongSupplier;
import org.opensafeguarding.engine.state.EngineState;
import org.opensafeguarding.engine.state.IncidentRecord;
import org.opensafeguarding.engine.state.IncidentState;
import org.opensafeguarding.engine.state.JobRecord;
import org.opensafeguarding.engine.state.JobState;
import org.opensafeguarding.engine.state.MessageRecord;
import org.opensafeguarding.engine.state.RecordKind;
import org.opensafeguarding.engine.state.TimerRecord;

/**
 * What the due check (every 100 ms) and an instance read cost on the processing thread when the state holds many
 * waiting records, answered from the indexes and, for comparison, by the scans they replaced. Pure in-memory (no
 * engine, no database), so it isolates the state's share.
 *
 * <p>Not a test: run it with {@code BENCH_CLASS=org.opensafeguarding.engine.benchmark.HotStateBenchmark
 * services/engine/benchmark.sh} ({@code -Dbench.records=100000} sets how many of each kind are held).
 */
public final class HotStateBenchmark {

    private HotStateBenchmark() {
    }

    public static void main(String[] args) {
        int records = Integer.getInteger("bench.records", 100_000);
        long now = 1_000_000;
        EngineState state = new EngineState();
        for (int i = 0; i < records; i++) {
            TimerRecord timer = new TimerRecord();
            timer.key = state.newKey();
            timer.elementInstanceKey = 1 + i;
            timer.dueDate = now + 3_600_000 + i; // an hour away: nothing due
            state.put(timer);
            JobRecord job = new JobRecord();
            job.key = state.newKey();
            job.type = "mail";
            job.elementInstanceKey = 1 + i;
            job.state = i % 2 == 0 ? JobState.ACTIVATED : JobState.FAILED;
            job.retries = 2;
            job.deadline = now + 300_000;
            job.retryAt = now + 300_000;
            state.put(job);
            MessageRecord message = new MessageRecord();
            message.key = state.newKey();
            message.name = "update";
            message.correlationKey = "case-" + i;
            message.expiresAt = now + 3_600_000;
            state.put(message);
            IncidentRecord incident = new IncidentRecord();
            incident.key = state.newKey();
            incident.processInstanceKey = 1 + i;
            incident.state = i % 100 == 0 ? IncidentState.ACTIVE : IncidentState.RESOLVED;
            state.put(incident);
        }
        state.takeChanges();
        System.out.printf(Locale.ROOT, "%,d timers, %,d open jobs, %,d buffered messages, %,d incidents; nothing due%n",
                records, records, records, records);
        report("due check, indexed", () -> dueCheckIndexed(state, now));
        report("due check, full scan (before)", () -> dueCheckScan(state, now));
        report("instance read: has incident, indexed", () -> state.hasActiveIncident(1) ? 1 : 0);
        report("instance read: has incident, full scan (before)", () -> instancesWithIncidentsScan(state).size());
        String newest = "case-" + (records - 1); // the scan stops at the first match: ask for the newest
        report("subscription opens: buffered message, indexed",
                () -> state.bufferedMessages("update", newest).size());
        report("subscription opens: buffered message, full scan (before)", () -> bufferedScan(state, newest));
    }

    private static long dueCheckIndexed(EngineState state, long now) {
        return state.dueTimerKeys(now).size() + state.jobsPastDeadline(now).size()
                + state.jobsDoneBackingOff(now).size() + state.expiredMessageKeys(now).size();
    }

    /** What DueWork did before: walk every timer, copy and walk every open job and every buffered message. */
    private static long dueCheckScan(EngineState state, long now) {
        long due = 0;
        List<TimerRecord> timers = new ArrayList<>();
        for (TimerRecord timer : state.<TimerRecord>all(RecordKind.TIMER)) {
            if (timer.dueDate <= now) {
                timers.add(timer);
            }
        }
        due += timers.size();
        for (JobRecord job : new ArrayList<JobRecord>(state.<JobRecord>all(RecordKind.JOB))) {
            if ((job.state == JobState.ACTIVATED && job.deadline <= now)
                    || (job.state == JobState.FAILED && job.retries > 0 && job.retryAt <= now)) {
                due++;
            }
        }
        for (MessageRecord message : new ArrayList<MessageRecord>(state.<MessageRecord>all(RecordKind.MESSAGE))) {
            if (message.expiresAt <= now) {
                due++;
            }
        }
        return due;
    }

    private static Set<Long> instancesWithIncidentsScan(EngineState state) {
        Set<Long> keys = new HashSet<>();
        for (IncidentRecord incident : state.<IncidentRecord>all(RecordKind.INCIDENT)) {
            if (incident.state == IncidentState.ACTIVE) {
                keys.add(incident.processInstanceKey);
            }
        }
        return keys;
    }

    private static long bufferedScan(EngineState state, String correlationKey) {
        for (MessageRecord message : state.<MessageRecord>all(RecordKind.MESSAGE)) {
            if (message.name.equals("update") && correlationKey.equals(message.correlationKey)) {
                return 1;
            }
        }
        return 0;
    }

    /** Median of several timed rounds after a warm-up, per call. */
    private static void report(String what, LongSupplier call) {
        long sink = 0;
        for (int i = 0; i < 200; i++) {
            sink += call.getAsLong();
        }
        List<Double> rounds = new ArrayList<>();
        for (int round = 0; round < 15; round++) {
            int calls = 50;
            long start = System.nanoTime();
            for (int i = 0; i < calls; i++) {
                sink += call.getAsLong();
            }
            rounds.add((System.nanoTime() - start) / 1_000.0 / calls);
        }
        rounds.sort(Double::compare);
        System.out.printf(Locale.ROOT, "%-58s median %,12.2f µs per call (sink %d)%n", what,
                rounds.get(rounds.size() / 2), sink % 10);
    }
}
