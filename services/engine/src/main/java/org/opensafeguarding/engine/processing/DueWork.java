package org.opensafeguarding.engine.processing;

import java.util.ArrayList;
import java.util.List;
import org.opensafeguarding.engine.state.ElementInstanceRecord;
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

    /**
     * Keys of the timers due now, earliest first, leaving out those an incident holds; forgets quarantined timers
     * that no longer exist.
     */
    List<Long> dueTimers(TimerQuarantine quarantine) {
        EngineState state = processor.state();
        long now = processor.now();
        List<Long> due = new ArrayList<>(state.dueTimerKeys(now));
        due.removeIf(key -> {
            TimerRecord timer = state.get(RecordKind.TIMER, key);
            return timer != null && timer.incidentKey != null;
        });
        quarantine.forgetUnless(key -> state.get(RecordKind.TIMER, key) != null);
        return due;
    }

    /**
     * A timer that failed every attempt becomes an incident of the element instance waiting for it, if it has one (a
     * timer start event has none) and still exists. The message names the failure's type only: the cause is in
     * the engine log, and an exception's message may carry data that must not reach an operator's screen.
     */
    void raiseIncident(long timerKey, int attempts, Throwable cause) {
        TimerRecord timer = processor.state().get(RecordKind.TIMER, timerKey);
        if (timer == null || timer.elementInstanceKey == TimerStartEvents.NO_ELEMENT_INSTANCE) {
            return;
        }
        ElementInstanceRecord element = processor.state().elementInstance(timer.elementInstanceKey);
        if (element == null) {
            return;
        }
        processor.executor().incidents().raiseForTimer(element, timer, "Expected to trigger timer '"
                + timer.targetElementId + "', but it could not fire " + attempts + " times ("
                + (cause == null ? "unknown failure" : cause.getClass().getSimpleName())
                + "); the engine log has the cause. Resolve the incident to try the timer again.");
    }

    /** Fires one timer, unless an earlier one of the same check removed it. */
    void fire(long timerKey) {
        TimerRecord timer = processor.state().get(RecordKind.TIMER, timerKey);
        if (timer != null) {
            processor.executor().triggers().timer(timer);
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
