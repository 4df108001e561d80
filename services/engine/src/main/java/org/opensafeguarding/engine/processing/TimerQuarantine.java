package org.opensafeguarding.engine.processing;

import java.util.HashMap;
import java.util.Map;
import java.util.function.LongPredicate;

/**
 * Timers whose firing failed (and was undone). Without this a broken timer would be due again at the next check,
 * fail again and rebuild the state from the store every 100 ms; instead it waits a growing delay of wall-clock
 * time (1 s, doubling, at most 5 min), so the engine keeps serving and the log shows the failure at a sane rate.
 * Kept in memory only: after a restart a broken timer is tried once more at once.
 */
final class TimerQuarantine {

    static final long FIRST_DELAY_MILLIS = 1_000;
    static final long MAX_DELAY_MILLIS = 300_000;

    private record Entry(long retryAt, long delay) {
    }

    private final Map<Long, Entry> entries = new HashMap<>();

    boolean holds(long timerKey, long wallClockMillis) {
        Entry entry = entries.get(timerKey);
        return entry != null && wallClockMillis < entry.retryAt();
    }

    /** Records a failure; returns the delay before the timer is tried again. */
    long failed(long timerKey, long wallClockMillis) {
        Entry previous = entries.get(timerKey);
        long delay = previous == null ? FIRST_DELAY_MILLIS : Math.min(previous.delay() * 2, MAX_DELAY_MILLIS);
        entries.put(timerKey, new Entry(wallClockMillis + delay, delay));
        return delay;
    }

    void fired(long timerKey) {
        entries.remove(timerKey);
    }

    void forgetUnless(LongPredicate stillThere) {
        if (!entries.isEmpty()) {
            entries.keySet().removeIf(key -> !stillThere.test(key));
        }
    }
}
