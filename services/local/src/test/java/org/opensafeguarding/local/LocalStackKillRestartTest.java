package org.opensafeguarding.local;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The operator's restart of the whole stack: {@code kill -9} of the stack's JVM (its PostgreSQL survives as an
 * orphan, Kafka's log and the consumer groups are left as they were) and an immediate start on the same data
 * folder. The stack must come up, serve a new referral end to end (intake, engine, tasklist, Kafka, reporting) and
 * still hold the case from before. The times of a normal restart and of the one after the kill are printed, not
 * asserted.
 */
class LocalStackKillRestartTest {

    private static final String BANNER = "local stack is up";
    /** A cold start of the whole stack takes minutes on a loaded machine. */
    private static final Duration START = Duration.ofMinutes(8);

    @Test
    void comesBackAtOnceAfterKillMinusNineWithItsData(@TempDir Path data) throws Exception {
        List<String> args = FreePortSettings.args(data);
        LocalStackSettings settings = LocalStackSettings.from(args.toArray(String[]::new), Map.of());
        StackDriver stack = StackDriver.attach(data, settings);

        Process first = start(args, data.resolve("first.log"));
        String before;
        try {
            awaitUp(first, data.resolve("first.log"));
            before = stack.postReferral(stack.referral(DemoReferrals.LADO,
                    DemoReferrals.lado(stack.today(), "education", "employer-dsl")));
            stack.awaitTask("lado.north", before, "InitialConsideration");
            stack.awaitProjected(before);
        } finally {
            first.destroy();
            assertThat(first.waitFor(2, TimeUnit.MINUTES)).as("stopped on SIGTERM").isTrue();
        }

        Process second = start(args, data.resolve("second.log"));
        long normal;
        try {
            normal = awaitUp(second, data.resolve("second.log"));
            long served = awaitServing(stack, before);
            System.out.printf("local stack, normal restart: up after %d ms, a new referral through to reporting "
                    + "%d ms later%n", normal, served);
        } finally {
            second.destroyForcibly();
            assertThat(second.waitFor(1, TimeUnit.MINUTES)).isTrue();
        }
        assertThat(second.exitValue()).as("exit status of the killed stack (137 = SIGKILL)").isEqualTo(137);

        Process third = start(args, data.resolve("third.log"));
        try {
            long afterKill = awaitUp(third, data.resolve("third.log"));
            long served = awaitServing(stack, before);
            System.out.printf("local stack, restart at once after kill -9: up after %d ms (normal restart %d ms), a "
                    + "new referral through to reporting %d ms later%n", afterKill, normal, served);
            assertThat(Files.readString(data.resolve("third.log"), StandardCharsets.UTF_8))
                    .doesNotContain("postmaster.pid\" already exists");
        } finally {
            third.destroy();
            assertThat(third.waitFor(2, TimeUnit.MINUTES)).as("stopped on SIGTERM").isTrue();
        }
    }

    /**
     * The case from before is still there (task in the tasklist, timeline in reporting), and a new referral goes
     * all the way through: returns how long the new one took.
     */
    private static long awaitServing(StackDriver stack, String before) {
        long start = System.nanoTime();
        stack.awaitTask("lado.north", before, "InitialConsideration");
        String after = stack.postReferral(stack.referral(DemoReferrals.LADO,
                DemoReferrals.lado(stack.today(), "health", "police")));
        stack.awaitTask("lado.north", after, "InitialConsideration");
        // consumers may have to wait for the group to let go of the killed JVM's members: generous, and printed
        await().atMost(START).ignoreExceptions().untilAsserted(() -> stack.awaitProjected(after));
        stack.awaitProjected(before);
        return Duration.ofNanos(System.nanoTime() - start).toMillis();
    }

    private static Process start(List<String> args, Path log) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                System.getProperty("java.home") + File.separator + "bin" + File.separator + "java",
                "-cp", System.getProperty("java.class.path"), LocalStack.class.getName()));
        command.addAll(args);
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size()));
    }

    /** Waits for the stack's banner; returns the milliseconds from start. */
    private static long awaitUp(Process stack, Path log) {
        long start = System.nanoTime();
        await().atMost(START).pollInterval(Duration.ofMillis(100)).until(() -> {
            if (!stack.isAlive()) {
                throw new AssertionError("the stack exited with " + stack.exitValue() + "; its log ends:\n"
                        + tail(log));
            }
            return Files.readString(log, StandardCharsets.UTF_8).contains(BANNER);
        });
        return Duration.ofNanos(System.nanoTime() - start).toMillis();
    }
}
