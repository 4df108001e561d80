package org.opensafeguarding.local;

import org.flywaydb.core.Flyway;
import org.opensafeguarding.identity.provider.EmbeddedIdentityProvider;
import org.opensafeguarding.identity.provider.IdentityProviderSettings;
import org.opensafeguarding.identity.provider.RunningIdentityProvider;
import org.opensafeguarding.workflow.WorkflowApplication;
import org.springframework.boot.Banner;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;

/**
 * The workflow service alone, wired as the local stack wires it (identity provider, PostgreSQL, Kafka of its own)
 * but against an engine that runs elsewhere: the engine scale benchmark
 * ({@code org.opensafeguarding.engine.benchmark.ScaleBenchmark}) starts it in a child JVM to measure the service's
 * CPU while idle next to an engine holding many open cases. The local stack cannot do that: it always embeds its
 * own engine. Not a test. Arguments: {@code --engine-rest=URL --engine-grpc=URL --data-dir=DIR --workflow-port=N
 * --cases=FILE --status=FILE}; SIGTERM stops it.
 *
 * <p>The cases were started straight at the engine, so the service has no record of them: before it starts, its
 * database is migrated and a {@code case_file} row is written for each line {@code caseId,processInstanceKey} of
 * {@code --cases}, as intake would have written it, so that the service treats their tasks as it treats its own.
 * Every 2 s the number of open tasks in its task mirror ({@code case_task}) is written to {@code --status}.
 */
public final class ScaleWorkflowService {

    private static final List<String> FLAGS = List.of("engine-rest", "engine-grpc", "data-dir", "workflow-port",
            "cases", "status");

    private ScaleWorkflowService() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> flags = Arrays.stream(args).filter(a -> a.startsWith("--") && a.contains("="))
                .collect(Collectors.toMap(a -> a.substring(2, a.indexOf('=')), a -> a.substring(a.indexOf('=') + 1)));
        for (String flag : FLAGS) {
            if (!flags.containsKey(flag)) {
                throw new IllegalArgumentException("--" + flag + " is required: " + FLAGS);
            }
        }
        Path data = Path.of(flags.get("data-dir")).toAbsolutePath();
        Files.createDirectories(data);
        LocalStackSettings ports = FreePortSettings.in(data);
        Deque<AutoCloseable> started = new ArrayDeque<>();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            while (!started.isEmpty()) {
                try {
                    started.pop().close();
                } catch (Exception e) {
                    System.err.println("stopping: " + e);
                }
            }
            stopped.countDown();
        }, "scale-workflow-stop"));

        LocalIdentities identities = LocalIdentities.forDataFolder(data);
        RunningIdentityProvider identity = EmbeddedIdentityProvider.start(IdentityProviderSettings.defaults()
                .withPort(ports.identityPort())
                .withKeyFile(data.resolve("secrets").resolve("identity-signing-key.json"))
                .withUsers(identities.users())
                .withClients(identities.clients()));
        started.push(identity);
        String issuer = identity.issuer().toString();
        LocalPostgres postgres = LocalPostgres.start(data.resolve("postgres"), ports.postgresPort());
        started.push(postgres);
        LocalKafka kafka = LocalKafka.start(data.resolve("kafka"), ports.kafkaPort(), ports.kafkaControllerPort());
        started.push(kafka);

        String ownerUrl = postgres.database("workflow");
        String serviceUrl = postgres.databaseAs("workflow", "workflow_service");
        Flyway.configure().dataSource(ownerUrl, LocalPostgres.USER, "").locations("classpath:db/workflow-migration")
                .load().migrate();
        int cases = insertCases(ownerUrl, Path.of(flags.get("cases")));
        System.out.println(cases + " case records written");

        // the workflow service's settings from LocalStack.start, with the engine's addresses given
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("server.port", flags.get("workflow-port"));
        properties.put("server.address", "127.0.0.1");
        properties.put("spring.datasource.url", serviceUrl);
        properties.put("spring.datasource.username", "workflow_service");
        properties.put("spring.datasource.password", "");
        properties.put("spring.flyway.url", ownerUrl);
        properties.put("spring.flyway.user", LocalPostgres.USER);
        properties.put("spring.kafka.bootstrap-servers", kafka.bootstrapServers());
        properties.put("camunda.client.rest-address", flags.get("engine-rest"));
        properties.put("camunda.client.grpc-address", flags.get("engine-grpc"));
        properties.put("safeguarding.pseudonym.key", LocalSecrets.pseudonymKey(data));
        properties.put("safeguarding.security.issuer-uri", issuer);
        properties.put("camunda.client.auth.client-id", LocalIdentities.WORKFLOW_CLIENT);
        properties.put("camunda.client.auth.client-secret", identities.workflowSecret());
        properties.put("camunda.client.auth.token-url", identity.tokenEndpoint().toString());
        properties.put("camunda.client.auth.audience", "engine");
        properties.put("camunda.client.auth.credentials-cache-path",
                LocalSecrets.ownerOnlyJsonFile(data, "camunda-credentials.json"));
        properties.put("safeguarding.intake.default-tenant", LocalIdentities.TENANTS.get(0));
        for (String tenant : LocalIdentities.TENANTS) {
            properties.put("safeguarding.tenancy.tenants." + tenant + ".escalation-turnaround", "P2D");
        }
        for (LocalIdentities.Integration i : identities.integrations()) {
            String prefix = "safeguarding.security.integrations." + i.clientId();
            properties.put(prefix + ".tenants[0]", i.tenant());
            properties.put(prefix + ".sources[0]", i.source());
        }
        properties.put("spring.main.register-shutdown-hook", false);
        properties.put("logging.register-shutdown-hook", false);
        String[] springArgs = properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        ConfigurableApplicationContext workflow = WorkflowApplication.builder().bannerMode(Banner.Mode.OFF)
                .run(springArgs);
        started.push(workflow);
        System.out.println("workflow service up on port " + flags.get("workflow-port"));
        Path status = Path.of(flags.get("status"));
        try (Connection c = DriverManager.getConnection(ownerUrl, LocalPostgres.USER, "")) {
            while (!stopped.await(2, java.util.concurrent.TimeUnit.SECONDS)) {
                try (ResultSet rs = c.createStatement().executeQuery(
                        "SELECT count(*) FROM case_task WHERE status = 'OPEN'")) {
                    rs.next();
                    Path next = status.resolveSibling(status.getFileName() + ".next");
                    Files.writeString(next, Long.toString(rs.getLong(1)));
                    Files.move(next, status, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                }
            }
        } catch (java.sql.SQLException stopping) {
            stopped.await();
        }
    }

    /** One open LADO case record per line, as intake writes it (no referral, no personal data). */
    private static int insertCases(String url, Path csv) throws Exception {
        List<String> lines = Files.readAllLines(csv);
        try (Connection c = DriverManager.getConnection(url, LocalPostgres.USER, "");
             PreparedStatement insert = c.prepareStatement("INSERT INTO case_file (id, case_type, process_id,"
                     + " process_version, tenant, status, trigger_date, opened_at, process_instance_key)"
                     + " VALUES (?, 'LADO_ALLEGATION', 'lado-allegation', 'lado-1', ?, 'OPEN', ?, ?, ?)"
                     + " ON CONFLICT (id) DO NOTHING")) {
            c.setAutoCommit(false);
            Timestamp now = Timestamp.from(Instant.now());
            int n = 0;
            for (String line : lines) {
                String[] parts = line.split(",");
                if (parts.length != 2) {
                    continue;
                }
                insert.setObject(1, UUID.fromString(parts[0]));
                insert.setString(2, LocalIdentities.TENANTS.get(0));
                insert.setObject(3, LocalDate.now());
                insert.setTimestamp(4, now);
                insert.setLong(5, Long.parseLong(parts[1]));
                insert.addBatch();
                if (++n % 1000 == 0) {
                    insert.executeBatch();
                }
            }
            insert.executeBatch();
            c.commit();
            return n;
        }
    }
}
