package org.opensafeguarding.engine.state;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * Record keys filed under several groups at once, each group in key order. Unlike {@link KeyBuckets} (one group per
 * record) a record may be in many groups, e.g. a user task under each of its candidate groups; putting it again
 * replaces all its groups, so a record whose fields changed in place leaves the groups it no longer belongs to.
 *
 * @param <G> what the records are looked up by
 */
final class KeySets<G> {

    private final Map<G, TreeSet<Long>> keysByGroup = new HashMap<>();
    private final Map<Long, Set<G>> groupsByKey = new HashMap<>();

    void put(long key, Set<G> groups) {
        Set<G> previous = groups.isEmpty() ? groupsByKey.remove(key) : groupsByKey.put(key, groups);
        if (previous != null) {
            for (G group : previous) {
                if (!groups.contains(group)) {
                    removeFrom(group, key);
                }
            }
        }
        for (G group : groups) {
            keysByGroup.computeIfAbsent(group, g -> new TreeSet<>()).add(key);
        }
    }

    void remove(long key) {
        Set<G> previous = groupsByKey.remove(key);
        if (previous != null) {
            previous.forEach(group -> removeFrom(group, key));
        }
    }

    private void removeFrom(G group, long key) {
        removeFrom(keysByGroup, group, key);
    }

    /** Takes a key out of one group of a group → keys map, dropping the group when it is left empty. */
    static <G> void removeFrom(Map<G, TreeSet<Long>> keysByGroup, G group, long key) {
        TreeSet<Long> keys = keysByGroup.get(group);
        if (keys != null) {
            keys.remove(key);
            if (keys.isEmpty()) {
                keysByGroup.remove(group);
            }
        }
    }

    /** A live, read-only view in key order: do not change records of this kind while walking it. */
    NavigableSet<Long> keys(G group) {
        TreeSet<Long> keys = keysByGroup.get(group);
        return keys == null ? Collections.emptyNavigableSet() : Collections.unmodifiableNavigableSet(keys);
    }

    void clear() {
        keysByGroup.clear();
        groupsByKey.clear();
    }
}
