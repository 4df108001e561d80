package org.opensafeguarding.engine.processing;

import java.util.HashMap;
import java.util.Map;
import java.util.function.LongPredicate;

/**
 * Timers whose firing failed (and was undone by a reload of the state). Without this a broken timer would be due
 * again at the next check, fail again and rebuild the state from the store every 100 ms. Instead it waits a growing
 * delay of wall-clock time (1 s, 2 s, 4 s) and, after {@link #MAX_ATTEMPTS} failures, is given up: a fifth attempt
 * will not fix what failed four times in a row over seven seconds, and every attempt costs a reload of the whole
 * state. A given-up timer of
 * an element instance becomes an incident (which an operator resolves to try it again); one of a timer start event,
 * which has no instance to hold an incident, waits here until the engine restarts or the process is deployed again.
 * Kept in memory only: after a restart a timer without an incident is tried again.
 */
final class TimerQuarantine {

    static final long FIRST_DELAY_MILLIS = 1_000;
    static final int MAX_ATTEMPTS = 4;

    private record Entry(long retryAt, long delay, int failures) {
    }

    private final Map<Long, Entry> entries = new HashMap<>();

    boolean holds(long timerKey, long wallClockMillis) {
        Entry entry = entries.get(timerKey);
        return entry != null && wallClockMillis < entry.retryAt();
    }

    /**
     * Records a failure; returns the delay before the timer is tried again, or -1 if it has failed
     * {@link #MAX_ATTEMPTS} times and is held until {@link #release}d.
     */
    long failed(long timerKey, long wallClockMillis) {
        Entry previous = entries.get(timerKey);
        int failures = previous == null ? 1 : previous.failures() + 1;
        if (failures >= MAX_ATTEMPTS) {
            entries.put(timerKey, new Entry(Long.MAX_VALUE, 0, failures));
            return -1;
        }
        long delay = previous == null ? FIRST_DELAY_MILLIS : previous.delay() * 2;
        entries.put(timerKey, new Entry(wallClockMillis + delay, delay, failures));
        return delay;
    }

    /** The timer fired, or an operator wants it tried again (its incident was resolved): it starts afresh. */
    void release(long timerKey) {
        entries.remove(timerKey);
    }

    /** Timers given up and held here (not those whose incident holds them). */
    int givenUp() {
        int count = 0;
        for (Entry entry : entries.values()) {
            if (entry.retryAt() == Long.MAX_VALUE) {
                count++;
            }
        }
        return count;
    }

    void forgetUnless(LongPredicate stillThere) {
        if (!entries.isEmpty()) {
            entries.keySet().removeIf(key -> !stillThere.test(key));
        }
    }
}
