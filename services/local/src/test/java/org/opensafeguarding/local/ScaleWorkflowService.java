package org.opensafeguarding.local;

import org.opensafeguarding.identity.provider.EmbeddedIdentityProvider;
import org.opensafeguarding.identity.provider.IdentityProviderSettings;
import org.opensafeguarding.identity.provider.RunningIdentityProvider;
import org.opensafeguarding.workflow.WorkflowApplication;
import org.springframework.boot.Banner;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.file.Files;
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
 * own engine. Not a test. Arguments: {@code --engine-rest=URL --engine-grpc=URL --data-dir=DIR --workflow-port=N};
 * SIGTERM stops it.
 */
public final class ScaleWorkflowService {

    private static final List<String> FLAGS = List.of("engine-rest", "engine-grpc", "data-dir", "workflow-port");

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

        // the workflow service's settings from LocalStack.start, with the engine's addresses given
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("server.port", flags.get("workflow-port"));
        properties.put("server.address", "127.0.0.1");
        properties.put("spring.datasource.url", postgres.databaseAs("workflow", "workflow_service"));
        properties.put("spring.datasource.username", "workflow_service");
        properties.put("spring.datasource.password", "");
        properties.put("spring.flyway.url", postgres.database("workflow"));
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
        stopped.await();
    }
}
