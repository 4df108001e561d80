package org.opensafeguarding.engine.benchmark;

import java.util.Arrays;
import java.util.Collection;
import java.util.Locale;

/** Latencies in microseconds, summarised as p50 / p99 in milliseconds (nearest rank). */
record LatencySample(long[] sortedMicros) {

    static LatencySample of(Collection<Long> micros) {
        long[] values = micros.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(values);
        return new LatencySample(values);
    }

    int count() {
        return sortedMicros.length;
    }

    double percentileMillis(double p) {
        if (sortedMicros.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(p * sortedMicros.length) - 1;
        return sortedMicros[Math.max(0, Math.min(sortedMicros.length - 1, index))] / 1000.0;
    }

    /** "p50 / p99" in ms, e.g. {@code 12.3 / 45.6}. */
    String p50p99() {
        return String.format(Locale.ROOT, "%.1f / %.1f", percentileMillis(0.50), percentileMillis(0.99));
    }
}
