package org.opensafeguarding.engine.processing;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.ToLongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a command's time goes inside the engine, for the paced latency benchmark (docs/engine.md, "Latency
 * against peers"): off unless the JVM runs with {@code -Dengine.trace-latency=true}. The processing thread marks
 * each batch that carried commands: how long each command waited in the queue, how long the batch took to apply,
 * to run the engine's own work (due checks, serving parked activations), to write and commit (the fsync), and to
 * answer (complete the futures and run the after-commit actions). Every 10 s it logs p50 / p99 of each and resets.
 * Processing thread only, apart from the enqueue time the submitting thread stamps on the command.
 */
final class LatencyTrace {

    private static final Logger LOG = LoggerFactory.getLogger(LatencyTrace.class);
    private static final long REPORT_NANOS = 10_000_000_000L;
    private static final int MAX_SAMPLES = 200_000;

    private final boolean enabled;
    private final Samples queueWait = new Samples();
    private final Samples inEngine = new Samples();
    private final Samples apply = new Samples();
    private final Samples internal = new Samples();
    private final Samples commit = new Samples();
    private final Samples answer = new Samples();
    private long commands;
    private long batches;
    private long windowStart = System.nanoTime();
    private long batchStart;
    private long applied;
    private long internalDone;
    private long committed;

    private LatencyTrace(boolean enabled) {
        this.enabled = enabled;
    }

    static LatencyTrace fromSystemProperty() {
        return new LatencyTrace(Boolean.getBoolean("engine.trace-latency"));
    }

    boolean enabled() {
        return enabled;
    }

    void batchStarted() {
        if (enabled) {
            batchStart = System.nanoTime();
        }
    }

    void applied() {
        if (enabled) {
            applied = System.nanoTime();
        }
    }

    void internalWorkDone() {
        if (enabled) {
            internalDone = System.nanoTime();
        }
    }

    void committed() {
        if (enabled) {
            committed = System.nanoTime();
        }
    }

    /** After the answers went out; {@code enqueuedAt} gives each command's submit time (0 for internal ones). */
    <T> void answered(List<T> batch, ToLongFunction<T> enqueuedAt) {
        if (!enabled) {
            return;
        }
        long now = System.nanoTime();
        int real = 0;
        for (T command : batch) {
            long submitted = enqueuedAt.applyAsLong(command);
            if (submitted != 0) {
                queueWait.add(batchStart - submitted);
                inEngine.add(now - submitted);
                real++;
            }
        }
        if (real > 0) {
            commands += real;
            batches++;
            apply.add(applied - batchStart);
            internal.add(internalDone - applied);
            commit.add(committed - internalDone);
            answer.add(now - committed);
        }
        if (now - windowStart >= REPORT_NANOS) {
            report(now);
        }
    }

    private void report(long now) {
        if (batches > 0) {
            LOG.info(String.format(Locale.ROOT, "latency trace (%.0f s): %d commands in %d batches (%.2f per batch);"
                            + " ms p50/p99: queue wait %s, apply %s, due work and parked activations %s,"
                            + " write and commit %s, answer %s; submit to answered %s",
                    (now - windowStart) / 1e9, commands, batches, (double) commands / batches, queueWait, apply,
                    internal, commit, answer, inEngine));
        }
        for (Samples s : new Samples[] {queueWait, inEngine, apply, internal, commit, answer}) {
            s.clear();
        }
        commands = 0;
        batches = 0;
        windowStart = now;
    }

    private static final class Samples {
        private long[] values = new long[1024];
        private int size;

        void add(long nanos) {
            if (size == values.length) {
                if (size >= MAX_SAMPLES) {
                    return;
                }
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = nanos;
        }

        void clear() {
            size = 0;
        }

        @Override
        public String toString() {
            if (size == 0) {
                return "-";
            }
            long[] sorted = Arrays.copyOf(values, size);
            Arrays.sort(sorted);
            return String.format(Locale.ROOT, "%.2f/%.2f", at(sorted, 0.50) / 1e6, at(sorted, 0.99) / 1e6);
        }

        private static long at(long[] sorted, double p) {
            int index = (int) Math.ceil(p * sorted.length) - 1;
            return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
        }
    }
}
