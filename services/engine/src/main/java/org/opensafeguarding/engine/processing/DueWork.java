package org.opensafeguarding.engine.processing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.opensafeguarding.engine.state.EngineState;
import org.opensafeguarding.engine.state.JobRecord;
import org.opensafeguarding.engine.state.JobState;
import org.opensafeguarding.engine.state.MessageRecord;
import org.opensafeguarding.engine.state.ProcessInstanceRecord;
import org.opensafeguarding.engine.state.RecordKind;
import org.opensafeguarding.engine.state.TimerRecord;

/** Everything that happens because the clock moved: timers fire, job deadlines and back-offs pass, messages expire. */
final class DueWork {

    /** History is swept once a minute of wall-clock time: it is bulk work and never urgent. */
    private static final long HISTORY_SWEEP_MILLIS = 60_000;

    private final CommandProcessor processor;
    private final Duration historyRetention;
    private long lastHistorySweep;

    DueWork(CommandProcessor processor, Duration historyRetention) {
        this.processor = processor;
        this.historyRetention = historyRetention;
    }

    /** Forgets process instances that ended longer ago than the retention (root instances only, with children). */
    void sweepHistory(boolean force) {
        if (historyRetention == null || (!force
                && System.currentTimeMillis() - lastHistorySweep < HISTORY_SWEEP_MILLIS)) {
            return;
        }
        lastHistorySweep = System.currentTimeMillis();
        EngineState state = processor.state();
        long cutoff = processor.now() - historyRetention.toMillis();
        List<ProcessInstanceRecord> expired = new ArrayList<>();
        for (ProcessInstanceRecord instance : state.<ProcessInstanceRecord>all(RecordKind.PROCESS_INSTANCE)) {
            if (!"ACTIVE".equals(instance.state) && instance.endDate != null && instance.endDate < cutoff
                    && instance.parentProcessInstanceKey == null) {
                expired.add(instance);
            }
        }
        for (ProcessInstanceRecord instance : expired) {
            forgetWithChildren(state, instance.key);
        }
    }

    private static void forgetWithChildren(EngineState state, long processInstanceKey) {
        List<Long> children = new ArrayList<>();
        for (ProcessInstanceRecord candidate : state.<ProcessInstanceRecord>all(RecordKind.PROCESS_INSTANCE)) {
            if (candidate.parentProcessInstanceKey != null && candidate.parentProcessInstanceKey == processInstanceKey) {
                children.add(candidate.key);
            }
        }
        children.forEach(child -> forgetWithChildren(state, child));
        state.forgetProcessInstance(processInstanceKey);
    }

    /** Keys of the timers due now, earliest first; forgets quarantined timers that no longer exist. */
    List<Long> dueTimers(TimerQuarantine quarantine) {
        EngineState state = processor.state();
        long now = processor.now();
        List<Long> due = state.dueTimerKeys(now);
        quarantine.forgetUnless(key -> state.get(RecordKind.TIMER, key) != null);
        return due;
    }

    /** Fires one timer, unless an earlier one of the same check removed it. */
    void fire(long timerKey) {
        TimerRecord timer = processor.state().get(RecordKind.TIMER, timerKey);
        if (timer != null) {
            processor.executor().triggerTimer(timer);
        }
    }

    /** Job deadlines and back-offs, history, message expiry: everything due except timers. */
    void run() {
        EngineState state = processor.state();
        long now = processor.now();
        for (long key : state.jobsPastDeadline(now)) {
            // the worker did not answer in time: the job goes back to be activated again, retries unchanged
            JobRecord job = state.job(key);
            job.state = JobState.CREATED;
            job.worker = null;
            state.put(job);
            processor.jobAvailable(job.type);
        }
        for (long key : state.jobsDoneBackingOff(now)) {
            JobRecord job = state.job(key);
            job.state = JobState.CREATED;
            state.put(job);
            processor.jobAvailable(job.type);
        }
        sweepHistory(false);
        for (long key : state.expiredMessageKeys(now)) {
            state.remove(state.<MessageRecord>get(RecordKind.MESSAGE, key));
        }
    }
}
