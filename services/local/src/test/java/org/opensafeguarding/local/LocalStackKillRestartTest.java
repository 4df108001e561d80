package org.opensafeguarding.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The operator's restart of the whole stack: {@code kill -9} of the stack's JVM (its PostgreSQL survives as an
 * orphan, Kafka's log is left as it was) and an immediate start on the same data folder. The stack must come up,
 * report every service healthy (database and Kafka included) and still hold what it stored before. The times of
 * the first start and of the one after the kill are printed, not asserted.
 */
class LocalStackKillRestartTest {

    private static final String BANNER = "local stack is up";
    /** A start of the whole stack takes minutes on a loaded machine. */
    private static final Duration START = Duration.ofMinutes(8);

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void comesBackAtOnceAfterKillMinusNineWithItsData(@TempDir Path data) throws Exception {
        List<String> args = FreePortSettings.args(data);
        LocalStackSettings settings = LocalStackSettings.from(args.toArray(String[]::new), Map.of());
        // in target, so that a failed start can be read afterwards
        Path logs = Files.createDirectories(Path.of("target", "local-stack-kill-restart"));

        Process first = start(args, logs.resolve("first.log"));
        long cold;
        try {
            cold = awaitUp(first, logs.resolve("first.log"));
            awaitHealthy(settings);
            execute(settings, "INSERT INTO task_form (form_key, form_id, version, schema) "
                    + "VALUES (1, 'kept-across-kill', 1, '{}')");
        } finally {
            first.destroyForcibly();
            assertThat(first.waitFor(1, TimeUnit.MINUTES)).isTrue();
        }
        assertThat(first.exitValue()).as("exit status of the killed stack (137 = SIGKILL)").isEqualTo(137);

        Process second = start(args, logs.resolve("second.log"));
        try {
            long afterKill = awaitUp(second, logs.resolve("second.log"));
            long healthy = awaitHealthy(settings);
            System.out.printf("local stack: first start up after %d ms; restarted at once after kill -9: up after "
                    + "%d ms, every service healthy %d ms later%n", cold, afterKill, healthy);
            assertThat(count(settings, "SELECT count(*) FROM task_form WHERE form_id = 'kept-across-kill'"))
                    .isEqualTo(1);
            assertThat(Files.readString(logs.resolve("second.log"), StandardCharsets.UTF_8))
                    .contains("stopping it").doesNotContain("postmaster.pid\" already exists");
        } finally {
            second.destroy();
            assertThat(second.waitFor(2, TimeUnit.MINUTES)).as("stopped on SIGTERM").isTrue();
        }
    }

    /** Engine, workflow and reporting report UP, the services with their database and Kafka; returns the ms taken. */
    private long awaitHealthy(LocalStackSettings settings) {
        long start = System.nanoTime();
        await().atMost(START).pollInterval(Duration.ofMillis(200)).ignoreExceptions().untilAsserted(() -> {
            assertThat(health(settings.engineManagementPort()).path("status").asText()).isEqualTo("UP");
            for (int port : List.of(settings.workflowManagementPort(), settings.reportingManagementPort())) {
                JsonNode health = health(port);
                assertThat(health.path("status").asText()).as(health.toString()).isEqualTo("UP");
                assertThat(health.at("/components/db/status").asText()).isEqualTo("UP");
                assertThat(health.at("/components/kafka/status").asText()).isEqualTo("UP");
            }
        });
        return Duration.ofNanos(System.nanoTime() - start).toMillis();
    }

    private JsonNode health(int port) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/actuator/health")).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        return json.readTree(response.body());
    }

    private static Process start(List<String> args, Path log) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                System.getProperty("java.home") + File.separator + "bin" + File.separator + "java",
                "-cp", System.getProperty("java.class.path"), LocalStack.class.getName()));
        command.addAll(args);
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
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

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size()));
    }

    private static void execute(LocalStackSettings settings, String sql) throws Exception {
        try (Connection c = connect(settings); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static long count(LocalStackSettings settings, String sql) throws Exception {
        try (Connection c = connect(settings); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static Connection connect(LocalStackSettings settings) throws Exception {
        return DriverManager.getConnection(
                "jdbc:postgresql://localhost:" + settings.postgresPort() + "/workflow", LocalPostgres.USER, "");
    }
}
