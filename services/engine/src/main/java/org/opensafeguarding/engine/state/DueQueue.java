package org.opensafeguarding.engine.state;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Record keys ordered by a due time, then by key: taking what is due costs what is due, not what is waiting.
 * Each key is held at most once, under the time it was last given, so a record whose time changed in place is
 * still found and moved.
 */
final class DueQueue {

    private record Entry(long due, long key) implements Comparable<Entry> {
        @Override
        public int compareTo(Entry other) {
            int byDue = Long.compare(due, other.due);
            return byDue != 0 ? byDue : Long.compare(key, other.key);
        }
    }

    private final TreeSet<Entry> entries = new TreeSet<>();
    private final Map<Long, Long> dueByKey = new HashMap<>();

    void put(long key, long due) {
        Long previous = dueByKey.put(key, due);
        if (previous != null) {
            entries.remove(new Entry(previous, key));
        }
        entries.add(new Entry(due, key));
    }

    void remove(long key) {
        Long previous = dueByKey.remove(key);
        if (previous != null) {
            entries.remove(new Entry(previous, key));
        }
    }

    /** Keys due at or before {@code now}, earliest first; a copy, so the caller may change records meanwhile. */
    List<Long> dueAt(long now) {
        List<Long> due = new ArrayList<>();
        for (Entry entry : entries) {
            if (entry.due > now) {
                break;
            }
            due.add(entry.key);
        }
        return due;
    }

    /** Every key in due order (for checks, not for the hot path). */
    List<Long> keys() {
        return dueAt(Long.MAX_VALUE);
    }

    void clear() {
        entries.clear();
        dueByKey.clear();
    }
}
