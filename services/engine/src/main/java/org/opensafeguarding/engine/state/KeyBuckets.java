package org.opensafeguarding.engine.state;

import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Record keys grouped by what they are looked up by, each group in key order (creation order). Each record is in
 * at most one group, the one it was last put under, so a record whose field changed in place moves instead of
 * staying behind in its old group.
 *
 * @param <B> what the records are looked up by
 */
final class KeyBuckets<B> {

    private final Map<B, TreeSet<Long>> keysByBucket = new HashMap<>();
    private final Map<Long, B> bucketByKey = new HashMap<>();

    /** Files the record under {@code bucket}, or takes it out of every group when {@code bucket} is null. */
    void put(long key, B bucket) {
        if (bucket == null) {
            remove(key);
            return;
        }
        B previous = bucketByKey.put(key, bucket);
        if (previous != null && !previous.equals(bucket)) {
            removeFrom(previous, key);
        }
        keysByBucket.computeIfAbsent(bucket, b -> new TreeSet<>()).add(key);
    }

    void remove(long key) {
        B previous = bucketByKey.remove(key);
        if (previous != null) {
            removeFrom(previous, key);
        }
    }

    private void removeFrom(B bucket, long key) {
        KeySets.removeFrom(keysByBucket, bucket, key);
    }

    /** A live, read-only view in key order: do not change records of this kind while walking it. */
    Collection<Long> keys(B bucket) {
        TreeSet<Long> keys = keysByBucket.get(bucket);
        return keys == null ? List.of() : Collections.unmodifiableSet(keys);
    }

    /** The groups that hold at least one record. */
    Set<B> buckets() {
        return Collections.unmodifiableSet(keysByBucket.keySet());
    }

    void clear() {
        keysByBucket.clear();
        bucketByKey.clear();
    }
}
