package org.opensafeguarding.benchmarks.peers;

import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What one engine's paced run measured. Every time is from {@code t0}, the {@link System#nanoTime()} taken just
 * before the start command was issued (carried as a process variable), to an event seen in this JVM, so no clocks
 * of other processes are compared. Samples are kept only while {@link #measuring} is set.
 */
final class Recorder {

    volatile boolean measuring;
    final AtomicLong started = new AtomicLong();
    final AtomicLong completed = new AtomicLong();
    final AtomicLong failures = new AtomicLong();
    /** Starts not made because too many earlier ones were still unanswered: the engine fell behind the pace. */
    final AtomicLong skipped = new AtomicLong();
    private final ConcurrentLinkedQueue<Long> activation = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Long> completion = new ConcurrentLinkedQueue<>();
    /** Client-side parts, only for the engines reached over the network. */
    private final ConcurrentLinkedQueue<Long> startAnswered = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Long> completeRoundTrip = new ConcurrentLinkedQueue<>();

    private volatile Throwable firstFailure;

    void failed(Throwable failure) {
        failures.incrementAndGet();
        if (firstFailure == null) {
            firstFailure = failure;
        }
    }

    void activated(long t0) {
        if (measuring) {
            activation.add((System.nanoTime() - t0) / 1000);
        }
    }

    void completed(long t0) {
        completed.incrementAndGet();
        if (measuring) {
            completion.add((System.nanoTime() - t0) / 1000);
        }
    }

    void startAnswered(long t0) {
        if (measuring) {
            startAnswered.add((System.nanoTime() - t0) / 1000);
        }
    }

    void completeAnswered(long sentAt) {
        if (measuring) {
            completeRoundTrip.add((System.nanoTime() - sentAt) / 1000);
        }
    }

    String summary() {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
                "start -> completion p50 %s / p99 %s ms; job activation p50 %s / p99 %s ms (%d measured, %d started"
                        + " in all, %d skipped as the engine fell behind, %d failed)",
                ms(completion, 0.50), ms(completion, 0.99), ms(activation, 0.50), ms(activation, 0.99),
                completion.size(), started.get(), skipped.get(), failures.get()));
        if (!startAnswered.isEmpty()) {
            line.append(String.format(Locale.ROOT, "; start answered p50 %s / p99 %s ms; completion round trip"
                            + " p50 %s / p99 %s ms", ms(startAnswered, 0.50), ms(startAnswered, 0.99),
                    ms(completeRoundTrip, 0.50), ms(completeRoundTrip, 0.99)));
        }
        if (firstFailure != null) {
            line.append("; first failure: ").append(firstFailure);
        }
        return line.toString();
    }

    private static String ms(ConcurrentLinkedQueue<Long> samples, double p) {
        long[] sorted = samples.stream().mapToLong(Long::longValue).toArray();
        if (sorted.length == 0) {
            return "-";
        }
        Arrays.sort(sorted);
        int index = (int) Math.ceil(p * sorted.length) - 1;
        return String.format(Locale.ROOT, "%.1f", sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1000.0);
    }
}
