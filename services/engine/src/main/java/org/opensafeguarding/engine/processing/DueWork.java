package org.opensafeguarding.engine.processing;

import java.util.List;
import org.opensafeguarding.engine.state.EngineState;
import org.opensafeguarding.engine.state.JobRecord;
import org.opensafeguarding.engine.state.JobState;
import org.opensafeguarding.engine.state.MessageRecord;
import org.opensafeguarding.engine.state.RecordKind;
import org.opensafeguarding.engine.state.TimerRecord;

/** Everything that happens because the clock moved: timers fire, job deadlines and back-offs pass, messages expire. */
final class DueWork {

    private final CommandProcessor processor;

    DueWork(CommandProcessor processor) {
        this.processor = processor;
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

    /** Job deadlines and back-offs, message expiry: everything due except timers. */
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
        for (long key : state.expiredMessageKeys(now)) {
            state.remove(state.<MessageRecord>get(RecordKind.MESSAGE, key));
        }
    }
}
