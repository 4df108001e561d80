package org.opensafeguarding.engine.processing;

import java.util.ArrayList;
import java.util.List;
import org.opensafeguarding.engine.state.EngineState;
import org.opensafeguarding.engine.state.JobRecord;
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
        List<TimerRecord> due = new ArrayList<>();
        for (TimerRecord timer : state.<TimerRecord>all(RecordKind.TIMER)) {
            if (timer.dueDate <= now) {
                due.add(timer);
            }
        }
        due.sort((a, b) -> Long.compare(a.dueDate, b.dueDate));
        quarantine.forgetUnless(key -> state.get(RecordKind.TIMER, key) != null);
        return due.stream().map(timer -> timer.key).toList();
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
        for (JobRecord job : state.openJobs()) {
            if ("ACTIVATED".equals(job.state) && job.deadline <= now) {
                // the worker did not answer in time: the job goes back to be activated again, retries unchanged
                job.state = "CREATED";
                job.worker = null;
                state.put(job);
                processor.jobAvailable(job.type);
            } else if ("FAILED".equals(job.state) && job.retries > 0 && job.retryAt <= now) {
                job.state = "CREATED";
                state.put(job);
                processor.jobAvailable(job.type);
            }
        }
        for (MessageRecord message : new ArrayList<MessageRecord>(state.<MessageRecord>all(RecordKind.MESSAGE))) {
            if (message.expiresAt <= now) {
                state.remove(message);
            }
        }
    }
}
