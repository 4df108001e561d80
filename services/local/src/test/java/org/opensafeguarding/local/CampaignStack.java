package org.opensafeguarding.local;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.opensafeguarding.identity.provider.EmbeddedIdentityProvider;
import org.opensafeguarding.identity.provider.IdentityProviderSettings;
import org.opensafeguarding.identity.provider.RunningIdentityProvider;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * The product as an operator runs it, for the fault campaign: PostgreSQL, a Kafka broker, the engine and two workflow
 * service instances, each its own operating-system process so that {@code kill -9} of one is real; the identity
 * provider stays in the test's JVM (its death is not part of the campaign). Every process is configured as the
 * local stack configures it ({@link LocalStack}), with fixed ports and data folders so a restarted process finds
 * its data again. The workflow instances share the database and the Kafka consumer group, as N replicas do.
 */
final class CampaignStack implements AutoCloseable {

    static final Duration READY_WAIT = Duration.ofMinutes(3);
    private static final String WORKFLOW_ROLE = "workflow_service";
    private static final List<String> SMALL_JVM = List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
    private static final List<String> SERVICE_JVM = List.of("-Xmx512m", "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1");

    final Path data;
    final int postgresPort;
    final int kafkaPort;
    final int kafkaControllerPort;
    final int engineRestPort;
    final int engineGrpcPort;
    final int engineManagementPort;
    final List<Integer> workflowPorts;
    private final List<Integer> workflowManagementPorts;
    final int identityPort;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final LocalIdentities identities;
    private RunningIdentityProvider identity;
    private ChildJvm postgres;
    private ChildJvm kafka;
    private ChildJvm engine;
    private final List<ChildJvm> workflows = new ArrayList<>();

    private final Path logs;
    private boolean closed;

    /** @param logs where each process's output goes; kept after the test, unlike {@code data} */
    CampaignStack(Path data, Path logs, int workflowInstances) throws IOException {
        this.data = data;
        this.logs = logs;
        List<Integer> ports = freePorts(7 + 2 * workflowInstances);
        postgresPort = ports.get(0);
        kafkaPort = ports.get(1);
        kafkaControllerPort = ports.get(2);
        engineRestPort = ports.get(3);
        engineGrpcPort = ports.get(4);
        engineManagementPort = ports.get(5);
        identityPort = ports.get(6);
        workflowPorts = List.copyOf(ports.subList(7, 7 + workflowInstances));
        workflowManagementPorts = List.copyOf(ports.subList(7 + workflowInstances, ports.size()));
        identities = LocalIdentities.forDataFolder(data);
    }

    void start() throws Exception {
        // should the test JVM be stopped before close() runs, its processes must not outlive it
        Runtime.getRuntime().addShutdownHook(new Thread(this::close, "campaign-stack-stop"));
        identity = EmbeddedIdentityProvider.start(IdentityProviderSettings.defaults()
                .withPort(identityPort)
                .withKeyFile(data.resolve("secrets").resolve("identity-signing-key.json"))
                .withUsers(identities.users())
                .withClients(identities.clients()));
        postgres = new ChildJvm("postgres", PostgresServerMain.class.getName(), SMALL_JVM,
                List.of(data.resolve("postgres").toString(), Integer.toString(postgresPort)), logs);
        kafka = new ChildJvm("kafka", KafkaBrokerMain.class.getName(), SMALL_JVM, List.of(data.resolve("kafka").toString(),
                Integer.toString(kafkaPort), Integer.toString(kafkaControllerPort)), logs);
        engine = new ChildJvm("engine", "org.opensafeguarding.engine.EngineApplication", SERVICE_JVM, engineArguments(),
                logs);
        for (int i = 0; i < workflowPorts.size(); i++) {
            workflows.add(new ChildJvm("workflow-" + (char) ('a' + i), "org.opensafeguarding.workflow.WorkflowApplication",
                    SERVICE_JVM, workflowArguments(i), logs));
        }
        // PostgreSQL and Kafka first and together, then the engine, then the workflow instances side by side
        postgres.start();
        kafka.start();
        awaitPostgres();
        awaitKafka();
        engine.start();
        awaitEngine();
        for (ChildJvm w : workflows) {
            w.start();
        }
        for (int i = 0; i < workflows.size(); i++) {
            awaitWorkflow(i);
        }
    }

    // ------------------------------------------------------------------------------------------ the components

    /** What the campaign kills: each names how to kill it, start it again and know it is back. */
    enum Component { ENGINE, WORKFLOW_INSTANCE, KAFKA, POSTGRESQL }

    void kill9(Component component) throws Exception {
        switch (component) {
            case ENGINE -> engine.kill9();
            case WORKFLOW_INSTANCE -> workflows.get(0).kill9();
            case KAFKA -> kafka.kill9();
            case POSTGRESQL -> killPostgres();
        }
    }

    void restart(Component component) throws Exception {
        switch (component) {
            case ENGINE -> {
                engine.start();
                awaitEngine();
            }
            case WORKFLOW_INSTANCE -> {
                workflows.get(0).start();
                awaitWorkflow(0);
            }
            case KAFKA -> {
                kafka.start();
                awaitKafka();
            }
            case POSTGRESQL -> {
                postgres.start();
                awaitPostgres();
            }
        }
    }

    /** A rolling upgrade's step: instance {@code i} stopped gracefully (SIGTERM) and started again. */
    void rollingRestart(int i) throws Exception {
        workflows.get(i).stop();
        workflows.get(i).start();
        awaitWorkflow(i);
    }

    /**
     * PostgreSQL dies as a whole: SIGKILL to the postmaster and every backend at once (the server's machine or
     * container gone), and to the JVM that started it. The restart then runs crash recovery from the WAL.
     */
    private void killPostgres() throws Exception {
        Optional<ProcessHandle> postmaster = postmaster();
        List<ProcessHandle> all = new ArrayList<>();
        postmaster.ifPresent(p -> {
            all.add(p);
            all.addAll(p.descendants().toList());
        });
        for (ProcessHandle p : all) {
            p.destroyForcibly();
        }
        for (ProcessHandle p : all) {
            p.onExit().get(30, TimeUnit.SECONDS);
        }
        postgres.kill9();
    }

    private Optional<ProcessHandle> postmaster() throws IOException {
        Path pidFile = data.resolve("postgres").resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        String first = Files.readAllLines(pidFile, StandardCharsets.US_ASCII).stream().findFirst().orElse("").trim();
        return first.matches("\\d+") ? ProcessHandle.of(Long.parseLong(first)).filter(ProcessHandle::isAlive)
                : Optional.empty();
    }

    // ------------------------------------------------------------------------------------------ readiness

    private void awaitPostgres() {
        await("PostgreSQL accepts connections").atMost(READY_WAIT).pollInterval(Duration.ofMillis(200)).until(() -> {
            postgres.requireAlive();
            try (Connection c = DriverManager.getConnection(jdbcUrl("workflow"), LocalPostgres.USER, "")) {
                return c.isValid(2);
            } catch (java.sql.SQLException notYet) {
                return false;
            }
        });
    }

    private void awaitKafka() {
        await("Kafka answers").atMost(READY_WAIT).pollInterval(Duration.ofMillis(200)).until(() -> {
            kafka.requireAlive();
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                    AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000))) {
                admin.describeCluster().nodes().get(3, TimeUnit.SECONDS);
                return true;
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException notYet) {
                return false;
            }
        });
    }

    private void awaitEngine() {
        awaitHealthy(engine, URI.create("http://127.0.0.1:" + engineManagementPort + "/actuator/health/readiness"));
    }

    private void awaitWorkflow(int i) {
        awaitHealthy(workflows.get(i), URI.create("http://127.0.0.1:" + workflowManagementPorts.get(i)
                + "/actuator/health"));
    }

    private void awaitHealthy(ChildJvm process, URI health) {
        await(process.name() + " healthy").atMost(READY_WAIT).pollInterval(Duration.ofMillis(250)).until(() -> {
            process.requireAlive();
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(5))
                        .build(), HttpResponse.BodyHandlers.ofString());
                return r.statusCode() == 200;
            } catch (IOException notYet) {
                return false;
            }
        });
    }

    // ------------------------------------------------------------------------------------------ configuration

    /** The standalone engine, configured as {@link LocalStack} configures the embedded one. */
    private List<String> engineArguments() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("server.port", Integer.toString(engineRestPort));
        p.put("management.server.port", Integer.toString(engineManagementPort));
        p.put("engine.grpc.port", Integer.toString(engineGrpcPort));
        p.put("engine.datasource.url", jdbcUrl("engine"));
        p.put("engine.datasource.username", LocalPostgres.USER);
        p.put("engine.datasource.password", "");
        p.put("engine.security.issuer-uri", issuer());
        p.put("camunda.client.enabled", "false");
        // the test classpath holds the workflow service's Kafka and Camunda client and the identity provider
        p.put("spring.autoconfigure.exclude", String.join(",",
                "io.camunda.client.spring.configuration.CamundaAutoConfiguration",
                "org.springframework.boot.autoconfigure.kafka.KafkaAutoConfiguration",
                "org.springframework.boot.autoconfigure.security.oauth2.server.servlet.OAuth2AuthorizationServerAutoConfiguration",
                "org.springframework.boot.autoconfigure.security.oauth2.server.servlet.OAuth2AuthorizationServerJwtAutoConfiguration"));
        return arguments(p);
    }

    /**
     * Instance {@code i} of the workflow service: the local stack's settings (same database, same consumer group,
     * same engine), its own port and its own cache file for the engine token.
     */
    private List<String> workflowArguments(int i) throws IOException {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("server.port", Integer.toString(workflowPorts.get(i)));
        p.put("server.address", "127.0.0.1");
        // the actuator listens on a port of its own (never the API port), on loopback as the service's default says
        p.put("management.server.port", Integer.toString(workflowManagementPorts.get(i)));
        p.put("spring.datasource.url", jdbcUrl("workflow").replace("user=" + LocalPostgres.USER, "user=" + WORKFLOW_ROLE));
        p.put("spring.datasource.username", WORKFLOW_ROLE);
        p.put("spring.datasource.password", "");
        p.put("spring.flyway.url", jdbcUrl("workflow"));
        p.put("spring.flyway.user", LocalPostgres.USER);
        p.put("spring.kafka.bootstrap-servers", bootstrapServers());
        p.put("camunda.client.rest-address", "http://127.0.0.1:" + engineRestPort);
        p.put("camunda.client.grpc-address", "http://127.0.0.1:" + engineGrpcPort);
        p.put("safeguarding.pseudonym.key", LocalSecrets.pseudonymKey(data));
        p.put("safeguarding.security.issuer-uri", issuer());
        p.put("camunda.client.auth.client-id", LocalIdentities.WORKFLOW_CLIENT);
        p.put("camunda.client.auth.client-secret", identities.workflowSecret());
        p.put("camunda.client.auth.token-url", identity.tokenEndpoint().toString());
        p.put("camunda.client.auth.audience", "engine");
        p.put("camunda.client.auth.credentials-cache-path",
                LocalSecrets.ownerOnlyJsonFile(data, "camunda-credentials-" + i + ".json").toString());
        p.put("safeguarding.intake.default-tenant", LocalIdentities.TENANTS.get(0));
        for (String tenant : LocalIdentities.TENANTS) {
            p.put("safeguarding.tenancy.tenants." + tenant + ".escalation-turnaround", "P2D");
        }
        for (LocalIdentities.Integration integration : identities.integrations()) {
            String prefix = "safeguarding.security.integrations." + integration.clientId();
            p.put(prefix + ".tenants[0]", integration.tenant());
            p.put(prefix + ".sources[0]", integration.source());
        }
        return arguments(p);
    }

    private static List<String> arguments(Map<String, String> properties) {
        return properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toList();
    }

    String jdbcUrl(String database) {
        return "jdbc:postgresql://localhost:" + postgresPort + "/" + database + "?user=" + LocalPostgres.USER;
    }

    String bootstrapServers() {
        return "127.0.0.1:" + kafkaPort;
    }

    String issuer() {
        return identity.issuer().toString();
    }

    String workflowUrl(int i) {
        return "http://127.0.0.1:" + workflowPorts.get(i);
    }

    String engineRestUrl() {
        return "http://127.0.0.1:" + engineRestPort;
    }

    String secret(String name) {
        try {
            return Files.readString(data.resolve("secrets").resolve(name)).trim();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<ChildJvm> all = new ArrayList<>(workflows);
        all.add(engine);
        all.add(kafka);
        for (ChildJvm c : all) {
            try {
                if (c != null) {
                    c.stop();
                }
            } catch (Exception e) {
                System.err.println("stopping " + c.name() + ": " + e);
            }
        }
        try {
            if (postgres != null) {
                postgres.stop();
            }
            // the owner's hook stops the server; should it have died first, the server must not outlive the test
            Optional<ProcessHandle> left = postmaster();
            if (left.isPresent()) {
                left.get().destroy();
                left.get().onExit().get(30, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            System.err.println("stopping PostgreSQL: " + e);
        }
        if (identity != null) {
            identity.close();
        }
    }

    private static List<Integer> freePorts(int n) throws IOException {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                sockets.add(new ServerSocket(0));
            }
            return sockets.stream().map(ServerSocket::getLocalPort).toList();
        } finally {
            for (ServerSocket s : sockets) {
                s.close();
            }
        }
    }
}
