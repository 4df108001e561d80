package org.opensafeguarding.engine.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU time of a process and all its descendants (for the engine: its JVM and the embedded PostgreSQL server and
 * backends it started), read from {@code /proc/<pid>/stat} (utime + stime). Linux only.
 */
final class ProcessTreeCpu {

    /** Clock ticks per second of {@code /proc} times; 100 on every Linux the project builds on. */
    private static final long TICKS_PER_SECOND = ticksPerSecond();

    private ProcessTreeCpu() {
    }

    /** CPU ticks per process id, for the root and every live descendant. */
    static Map<Long, Long> snapshot(ProcessHandle root) {
        Map<Long, Long> ticks = new HashMap<>();
        Stream.concat(Stream.of(root), root.descendants()).forEach(p -> {
            long t = ticks(p.pid());
            if (t >= 0) {
                ticks.put(p.pid(), t);
            }
        });
        return ticks;
    }

    /**
     * CPU milliseconds spent between two snapshots: processes in both count their difference, processes that
     * started in between count all their time (those that ended in between are lost, a PostgreSQL backend that
     * lived less than the interval, which an idle engine does not start).
     */
    static long millisBetween(Map<Long, Long> before, Map<Long, Long> after) {
        long ticks = 0;
        for (Map.Entry<Long, Long> e : after.entrySet()) {
            ticks += e.getValue() - before.getOrDefault(e.getKey(), 0L);
        }
        return ticks * 1000 / TICKS_PER_SECOND;
    }

    private static long ticks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // the command name (field 2) is in parentheses and may contain spaces: count fields after it
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
            // after the name: state is field 3, so utime (14) and stime (15) are at 11 and 12
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException | RuntimeException gone) {
            return -1;
        }
    }

    private static long ticksPerSecond() {
        try {
            Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(getconf.getInputStream().readAllBytes()).trim();
            getconf.waitFor();
            return Long.parseLong(out);
        } catch (IOException | RuntimeException e) {
            return 100;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }
}
