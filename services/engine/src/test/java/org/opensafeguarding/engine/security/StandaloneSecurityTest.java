package org.opensafeguarding.engine.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.opensafeguarding.engine.EngineApplication;
import org.opensafeguarding.identity.access.Role;
import org.opensafeguarding.testkit.EmbeddedPostgresSupport;
import org.opensafeguarding.testkit.TestIdentity;

/**
 * The standalone engine (its own JVM, as {@code java -jar} runs it): without an issuer it does not start and says
 * which setting is missing; with the issuer in the environment variable ENGINE_SECURITY_ISSUER_URI it requires
 * tokens.
 */
class StandaloneSecurityTest {

    @Test
    void theStandaloneEngineNeedsAnIssuerAndReadsItFromTheEnvironment() throws Exception {
        String jdbcUrl = EmbeddedPostgresSupport.newDatabase("engine_standalone_sec");

        Path refusedLog = Files.createTempFile("engine-no-issuer", ".log");
        Process refused = start(jdbcUrl, Map.of(), refusedLog);
        assertThat(refused.waitFor(120, TimeUnit.SECONDS)).as("the engine stops by itself").isTrue();
        assertThat(refused.exitValue()).isNotZero();
        assertThat(Files.readString(refusedLog)).contains("engine.security.issuer-uri")
                .contains("ENGINE_SECURITY_ISSUER_URI");

        int rest = freePort();
        Path log = Files.createTempFile("engine-env-issuer", ".log");
        Process engine = start(jdbcUrl, Map.of("ENGINE_SECURITY_ISSUER_URI", TestIdentity.shared().issuer().toString(),
                "SERVER_PORT", String.valueOf(rest)), log);
        try {
            URI base = URI.create("http://127.0.0.1:" + rest);
            String workflow = TestIdentity.shared().clientToken("standalone-workflow",
                    Set.of(Role.WORKFLOW_SERVICE.name()), Set.of());
            await().atMost(Duration.ofSeconds(120)).ignoreExceptions()
                    .until(() -> SecuredEngine.send(base, "GET", "/v2/topology", workflow).statusCode() == 200);
            assertThat(SecuredEngine.send(base, "GET", "/v2/topology", null).statusCode()).isEqualTo(401);
        } finally {
            engine.destroy();
            if (!engine.waitFor(30, TimeUnit.SECONDS)) {
                engine.destroyForcibly();
            }
        }
    }

    private static Process start(String jdbcUrl, Map<String, String> environment, Path log) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                System.getProperty("java.home") + File.separator + "bin" + File.separator + "java",
                "-cp", System.getProperty("java.class.path"), EngineApplication.class.getName(),
                "--management.server.port=" + freePort(), "--engine.grpc.port=" + freePort(),
                "--engine.datasource.url=" + jdbcUrl,
                "--engine.datasource.username=" + EmbeddedPostgresSupport.username(),
                "--engine.datasource.password=" + EmbeddedPostgresSupport.password()));
        if (!environment.containsKey("SERVER_PORT")) {
            command.add("--server.port=" + freePort());
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().remove("ENGINE_SECURITY_ISSUER_URI");
        builder.environment().remove("ENGINE_SECURITY_ENABLED");
        builder.environment().putAll(environment);
        return builder.start();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
