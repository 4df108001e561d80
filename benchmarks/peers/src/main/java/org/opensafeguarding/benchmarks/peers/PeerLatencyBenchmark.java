package org.opensafeguarding.benchmarks.peers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Paced latency of the local engine beside embedded Operaton and Flowable, in one process so that they share the
 * machine's conditions: the same one-task process (start, service task, end), each engine on its own durable
 * PostgreSQL, started at a fixed rate for a warm-up and a measured period, engine after engine, for a number of
 * rounds. Prints start -> completion and job activation p50 / p99 per engine and round, with the load average.
 *
 * <p>Not a test; run it with {@code benchmarks/peers/run.sh}. System properties: {@code peers.rate} (starts/s,
 * 100), {@code peers.warmup} (s, 10), {@code peers.measure} (s, 30), {@code peers.rounds} (2), {@code peers.engines}
 * (comma list of {@code operaton,flowable,rest,grpc,grpc-stream}; default all but grpc-stream),
 * {@code peers.engineClasspath} (the standalone engine's classpath; run.sh builds it), {@code peers.engineJava}
 * (the java to run it with), {@code peers.engineJavaOpts} (extra options for its JVM, e.g.
 * {@code -Dengine.trace-latency=true}).
 */
public final class PeerLatencyBenchmark {

    /** Starts that block (the embedded engines) run on these threads, so a slow one does not delay the pace. */
    private static final int STARTER_THREADS = 16;
    /**
     * At most this many starts unanswered at once (one second's worth at 100/s); a start due beyond that is
     * skipped and counted, so an engine that falls behind is reported as such instead of building a backlog that
     * spills into the next engine's run.
     */
    private static final int MAX_UNANSWERED_STARTS = 100;

    private PeerLatencyBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rate = Integer.getInteger("peers.rate", 100);
        long warmup = Long.getLong("peers.warmup", 10);
        long measure = Long.getLong("peers.measure", 30);
        int rounds = Integer.getInteger("peers.rounds", 2);
        List<String> engines = List.of(System.getProperty("peers.engines", "operaton,flowable,rest,grpc").split(","));
        String engineClasspath = System.getProperty("peers.engineClasspath", "");
        String engineJava = System.getProperty("peers.engineJava", LocalEnginePeer.defaultJava());
        List<String> engineOptions = Arrays.stream(System.getProperty("peers.engineJavaOpts", "").trim().split("\\s+"))
                .filter(o -> !o.isBlank()).toList();

        System.out.printf("peer latency benchmark: %d starts/s, warm-up %ds, measured %ds, %d round(s), %d CPUs, "
                + "load average at start %s%n", rate, warmup, measure, rounds,
                Runtime.getRuntime().availableProcessors(), loadAverage());
        List<Peer> peers = new ArrayList<>();
        List<String> results = new ArrayList<>();
        try {
            for (String engine : engines) {
                peers.add(switch (engine.trim()) {
                    case "operaton" -> new OperatonPeer();
                    case "flowable" -> new FlowablePeer();
                    case "rest" -> new LocalEnginePeer(LocalEnginePeer.Transport.REST, engineClasspath, engineJava,
                            engineOptions);
                    case "grpc" -> new LocalEnginePeer(LocalEnginePeer.Transport.GRPC, engineClasspath, engineJava,
                            engineOptions);
                    case "grpc-stream" -> new LocalEnginePeer(LocalEnginePeer.Transport.GRPC_STREAM, engineClasspath,
                            engineJava, engineOptions);
                    default -> throw new IllegalArgumentException("peers.engines: unknown engine '" + engine
                            + "', expected operaton, flowable, rest, grpc or grpc-stream");
                });
            }
            for (int round = 1; round <= rounds; round++) {
                for (Peer peer : peers) {
                    String line = run(peer, round, rate, warmup, measure);
                    results.add(line);
                    System.out.println(line);
                }
            }
        } finally {
            for (Peer peer : peers) {
                try {
                    peer.close();
                } catch (Exception e) {
                    System.out.println("closing " + peer.name() + " failed: " + e);
                }
            }
        }
        System.out.println();
        System.out.println("=== results (" + rate + " starts/s, durable PostgreSQL each; load average at end "
                + loadAverage() + ") ===");
        results.forEach(System.out::println);
    }

    private static String run(Peer peer, int round, int rate, long warmupSeconds, long measureSeconds)
            throws Exception {
        Recorder recorder = new Recorder();
        peer.prepare(recorder);
        ExecutorService starters = Executors.newFixedThreadPool(STARTER_THREADS);
        Semaphore unanswered = new Semaphore(MAX_UNANSWERED_STARTS);
        long interval = 1_000_000_000L / rate;
        long begin = System.nanoTime();
        long measureFrom = begin + TimeUnit.SECONDS.toNanos(warmupSeconds);
        long end = measureFrom + TimeUnit.SECONDS.toNanos(measureSeconds);
        String loadAtMeasure = null;
        long next = begin;
        System.out.printf("round %d, %s: warming up %ds, then measuring %ds%n", round, peer.name(), warmupSeconds,
                measureSeconds);
        while (true) {
            next += interval;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            long now = System.nanoTime();
            if (now >= end) {
                break;
            }
            if (!recorder.measuring && now >= measureFrom) {
                peer.measuring();
                recorder.measuring = true;
                loadAtMeasure = loadAverage();
            }
            if (!unanswered.tryAcquire()) {
                recorder.skipped.incrementAndGet();
                continue;
            }
            starters.execute(() -> {
                try {
                    // t0 is taken on the starter thread, right before the engine is asked
                    recorder.started.incrementAndGet();
                    peer.startInstance(System.nanoTime(), unanswered::release);
                } catch (Exception e) {
                    recorder.failed(e);
                }
            });
        }
        // instances started near the end still count when they complete within this grace period
        long graceUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (recorder.completed.get() < recorder.started.get() && System.nanoTime() < graceUntil) {
            TimeUnit.MILLISECONDS.sleep(20);
        }
        recorder.measuring = false;
        starters.shutdownNow();
        starters.awaitTermination(60, TimeUnit.SECONDS);
        String engineSide = peer.engineSide();
        return String.format("round %d %-30s %s; load average %s -> %s%s", round, peer.name() + ":",
                recorder.summary(), loadAtMeasure, loadAverage(),
                engineSide.isEmpty() ? "" : System.lineSeparator() + engineSide);
    }

    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException | RuntimeException e) {
            return "n/a";
        }
    }
}
