package org.opensafeguarding.engine.clock;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.stereotype.Component;

/**
 * The engine's notion of "now". Timers, job deadlines, back-offs, message TTLs and every date the engine reports
 * come from here, so tests and replays can pin time or move it forward (never backwards: an offset may be
 * negative, but nothing already due is ever un-fired).
 */
@Component
public class EngineClock {

    private volatile Long pinnedAt;
    private volatile long offsetMillis;
    private final List<Runnable> changeListeners = new CopyOnWriteArrayList<>();

    public long millis() {
        Long pinned = pinnedAt;
        return pinned != null ? pinned : System.currentTimeMillis() + offsetMillis;
    }

    public Instant instant() {
        return Instant.ofEpochMilli(millis());
    }

    public synchronized void pin(long epochMillis) {
        pinnedAt = epochMillis;
        changed();
    }

    /** Moves time forward (or back) by the given amount, keeping it pinned if it was pinned. */
    public synchronized void add(long offset) {
        if (pinnedAt != null) {
            pinnedAt = pinnedAt + offset;
        } else {
            offsetMillis += offset;
        }
        changed();
    }

    public synchronized void reset() {
        pinnedAt = null;
        offsetMillis = 0;
        changed();
    }

    public boolean isPinned() {
        return pinnedAt != null;
    }

    /** Called after every change, so due timers fire at once rather than at the next poll. */
    public void onChange(Runnable listener) {
        changeListeners.add(listener);
    }

    private void changed() {
        for (Runnable listener : new ArrayList<>(changeListeners)) {
            listener.run();
        }
    }
}
