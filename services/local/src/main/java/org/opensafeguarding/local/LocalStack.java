package org.opensafeguarding.local;

import org.opensafeguarding.engine.EmbeddedEngine;
import org.opensafeguarding.engine.EngineSettings;
import org.opensafeguarding.engine.RunningEngine;
import org.opensafeguarding.identity.provider.EmbeddedIdentityProvider;
import org.opensafeguarding.identity.provider.IdentityProviderSettings;
import org.opensafeguarding.identity.provider.RunningIdentityProvider;
import org.opensafeguarding.reporting.ReportingApplication;
import org.opensafeguarding.web.WebApplication;
import org.opensafeguarding.workflow.WorkflowApplication;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.Banner;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The whole product in one JVM for a laptop, a demo or a small partnership: embedded PostgreSQL and an
 * in-process Kafka broker with data that survives a restart, then the workflow and reporting services
 * wired to them. Ctrl-C stops everything in reverse order of starting.
 */
public final class LocalStack implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocalStack.class);

    /** Every listener of the local stack is on loopback: it holds real-looking case data on a laptop. */
    private static final String LOOPBACK = "127.0.0.1";
    private static final String WORKFLOW_ROLE = "workflow_service";

    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final Map<String, String> addresses = new LinkedHashMap<>();
    private String accounts;

    public static void main(String[] args) throws Exception {
        if (java.util.Arrays.asList(args).contains("--help")) {
            System.out.println(LocalStackSettings.USAGE);
            return;
        }
        LocalStackSettings settings;
        try {
            settings = LocalStackSettings.from(args, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        LocalStack stack = new LocalStack();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stack.close();
            stopped.countDown();
        }, "local-stack-stop"));
        try {
            stack.start(settings);
        } catch (Exception e) {
            log.error("The local stack did not start: {}", e.getMessage(), e);
            System.exit(1);
        }
        System.out.println(stack.describe(settings));
        stopped.await();
    }

    public void start(LocalStackSettings settings) throws Exception {
        Path data = settings.dataDirectory();
        if (settings.clean()) {
            log.info("--clean: deleting {}", data);
            deleteRecursively(data);
        }
        Files.createDirectories(data);

        // first: the services read its discovery document, and the engine and workflow service need tokens from it
        LocalIdentities identities = LocalIdentities.forDataFolder(data);
        RunningIdentityProvider identity = EmbeddedIdentityProvider.start(IdentityProviderSettings.defaults()
                .withPort(settings.identityPort())
                .withKeyFile(data.resolve("secrets").resolve("identity-signing-key.json"))
                .withUsers(identities.users())
                .withClients(identities.clients()));
        started.push(identity);
        String issuer = identity.issuer().toString();
        accounts = identities.describe(issuer);
        addresses.put("Identity", issuer + "   discovery: " + issuer + "/.well-known/openid-configuration");

        LocalPostgres postgres = LocalPostgres.start(data.resolve("postgres"), settings.postgresPort());
        started.push(postgres);
        addresses.put("PostgreSQL", "jdbc:postgresql://localhost:" + postgres.port() + "/ (user " + LocalPostgres.USER + ")");

        LocalKafka kafka = LocalKafka.start(data.resolve("kafka"), settings.kafkaPort(), settings.kafkaControllerPort());
        started.push(kafka);
        addresses.put("Kafka", kafka.bootstrapServers());

        EngineSettings engineSettings = EngineSettings.forDatabase(postgres.database("engine"), LocalPostgres.USER, "")
                        .withPorts(settings.engineRestPort(), settings.engineManagementPort(), settings.engineGrpcPort())
                        // the workflow service's Kafka and Camunda client are on this JVM's classpath; the engine
                        // uses neither, and their health checks would only confuse its own
                        .withProperty("spring.autoconfigure.exclude", String.join(",",
                                "io.camunda.client.spring.configuration.CamundaAutoConfiguration",
                                "org.springframework.boot.autoconfigure.kafka.KafkaAutoConfiguration",
                                // the identity provider of this JVM is its own application; the engine only verifies
                                "org.springframework.boot.autoconfigure.security.oauth2.server.servlet.OAuth2AuthorizationServerAutoConfiguration",
                                "org.springframework.boot.autoconfigure.security.oauth2.server.servlet.OAuth2AuthorizationServerJwtAutoConfiguration"))
                        .withProperty("camunda.client.enabled", "false")
                        .withProperty("engine.security.issuer-uri", issuer);
        if (settings.movableClock()) {
            // a test that moves the clock over years inspects instances that ended long ago in engine time
            engineSettings = engineSettings.withProperty("engine.testing.enabled", "true")
                    .withProperty("engine.history-retention", "forever");
        }
        RunningEngine engine = EmbeddedEngine.start(engineSettings);
        started.push(engine);
        String engineRest = engine.restAddress().toString();
        String engineGrpc = engine.grpcAddress().toString();
        addresses.put("Engine", engineRest + " (REST), " + engineGrpc + " (gRPC)   health: "
                + engine.managementAddress() + "/actuator/health");

        Map<String, Object> workflowProperties = new LinkedHashMap<>(Map.of(
                "server.port", settings.workflowPort(),
                "server.address", LOOPBACK,
                "spring.datasource.url", postgres.databaseAs("workflow", WORKFLOW_ROLE),
                "spring.datasource.username", WORKFLOW_ROLE,
                "spring.datasource.password", "",
                // the owner migrates; the service runs as a role that may only append to the audit trail
                "spring.flyway.url", postgres.database("workflow"),
                "spring.flyway.user", LocalPostgres.USER,
                "spring.kafka.bootstrap-servers", kafka.bootstrapServers(),
                "camunda.client.rest-address", engineRest,
                "camunda.client.grpc-address", engineGrpc));
        workflowProperties.putAll(Map.of(
                "safeguarding.pseudonym.key", LocalSecrets.pseudonymKey(data),
                "safeguarding.security.issuer-uri", issuer,
                "camunda.client.auth.client-id", LocalIdentities.WORKFLOW_CLIENT,
                "camunda.client.auth.client-secret", identities.workflowSecret(),
                "camunda.client.auth.token-url", identity.tokenEndpoint().toString(),
                "camunda.client.auth.audience", "engine",
                "camunda.client.auth.credentials-cache-path",
                LocalSecrets.ownerOnlyJsonFile(data, "camunda-credentials.json"),
                "safeguarding.intake.default-tenant", LocalIdentities.TENANTS.get(0)));
        workflowProperties.put("management.server.port", settings.workflowManagementPort());
        workflowProperties.put("management.server.address", LOOPBACK);
        for (String tenant : LocalIdentities.TENANTS) {
            // an entry makes the partnership known; its settings are the defaults
            workflowProperties.put("safeguarding.tenancy.tenants." + tenant + ".escalation-turnaround", "P2D");
        }
        for (LocalIdentities.Integration i : identities.integrations()) {
            String prefix = "safeguarding.security.integrations." + i.clientId();
            workflowProperties.put(prefix + ".tenants[0]", i.tenant());
            workflowProperties.put(prefix + ".sources[0]", i.source());
        }
        if (settings.movableClock()) {
            // the replay profile's clock: every date the service computes follows the engine's
            workflowProperties.put("safeguarding.clock.source", "engine");
            workflowProperties.put("safeguarding.clock.engine-url", engine.managementAddress() + "/actuator/clock");
        }
        ConfigurableApplicationContext workflow = service(WorkflowApplication.builder(), workflowProperties);
        started.push(workflow);
        addresses.put("Workflow", "http://localhost:" + settings.workflowPort()
                + "   health: http://localhost:" + settings.workflowManagementPort() + "/actuator/health");

        Map<String, Object> reportingProperties = new LinkedHashMap<>(Map.of(
                "server.port", settings.reportingPort(),
                "server.address", LOOPBACK,
                "management.server.port", settings.reportingManagementPort(),
                "management.server.address", LOOPBACK,
                "safeguarding.security.issuer-uri", issuer,
                "spring.datasource.url", postgres.database("reporting"),
                "spring.datasource.username", LocalPostgres.USER,
                "spring.datasource.password", "",
                "spring.kafka.bootstrap-servers", kafka.bootstrapServers(),
                // the workflow service's Camunda client is on this JVM's classpath; reporting must not start one
                "camunda.client.enabled", false));
        if (settings.mail()) {
            LocalMail mail = LocalMail.start(data, settings.mailSmtpPort(), settings.mailImapPort());
            started.push(mail);
            reportingProperties.putAll(mail.reportingProperties(settings.mailSmtpPort()));
            accounts = accounts + mail.describe(settings.mailSmtpPort(), settings.mailImapPort());
        }
        ConfigurableApplicationContext reporting = service(ReportingApplication.builder(), reportingProperties);
        started.push(reporting);
        addresses.put("Reporting", "http://localhost:" + settings.reportingPort()
                + "   health: http://localhost:" + settings.reportingManagementPort() + "/actuator/health");

        ConfigurableApplicationContext web = service(WebApplication.builder(), webProperties(settings, issuer));
        started.push(web);
        // first in the banner: it is where people start
        LinkedHashMap<String, String> withWebFirst = new LinkedHashMap<>();
        withWebFirst.put("Web app", "http://localhost:" + settings.webPort() + "   (sign in as a demo user below)"
                + "   health: http://localhost:" + settings.webManagementPort() + "/actuator/health");
        withWebFirst.putAll(addresses);
        addresses.clear();
        addresses.putAll(withWebFirst);
    }

    /**
     * The web app holds no data: it calls the workflow and reporting services with the signed-in person's token.
     * The other services' infrastructure is on this JVM's classpath; the web app must start none of it.
     */
    static Map<String, Object> webProperties(LocalStackSettings settings, String issuer) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("server.port", settings.webPort());
        properties.put("server.address", LOOPBACK);
        properties.put("management.server.port", settings.webManagementPort());
        properties.put("management.server.address", LOOPBACK);
        properties.put("safeguarding.web.workflow-url", "http://localhost:" + settings.workflowPort());
        properties.put("safeguarding.web.reporting-url", "http://localhost:" + settings.reportingPort());
        // the provider accepts loopback redirects on 127.0.0.1 only; visits to localhost are sent there first so
        // the sign-in's session cookie is on the host the provider returns to
        properties.put("safeguarding.web.canonical-host", LOOPBACK);
        properties.put("spring.security.oauth2.client.provider.safeguarding.issuer-uri", issuer);
        properties.put("spring.security.oauth2.client.registration.safeguarding.client-id", LocalIdentities.WEB_CLIENT);
        properties.put("spring.security.oauth2.client.registration.safeguarding.redirect-uri",
                "http://" + LOOPBACK + ":" + settings.webPort() + "/login/oauth2/code/safeguarding");
        properties.put("camunda.client.enabled", false);
        properties.put("springdoc.api-docs.enabled", false);
        properties.put("springdoc.swagger-ui.enabled", false);
        properties.put("spring.autoconfigure.exclude", String.join(",",
                "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration",
                "org.springframework.boot.autoconfigure.jdbc.DataSourceTransactionManagerAutoConfiguration",
                "org.springframework.boot.autoconfigure.jdbc.JdbcTemplateAutoConfiguration",
                "org.springframework.boot.autoconfigure.flyway.FlywayAutoConfiguration",
                "org.springframework.boot.autoconfigure.kafka.KafkaAutoConfiguration",
                "org.springframework.boot.autoconfigure.mail.MailSenderAutoConfiguration",
                "org.springframework.boot.autoconfigure.mail.MailSenderValidatorAutoConfiguration",
                "io.camunda.client.spring.configuration.CamundaAutoConfiguration",
                "org.springframework.boot.autoconfigure.security.oauth2.server.servlet.OAuth2AuthorizationServerAutoConfiguration",
                "org.springframework.boot.autoconfigure.security.oauth2.server.servlet.OAuth2AuthorizationServerJwtAutoConfiguration",
                "org.springframework.boot.autoconfigure.security.oauth2.resource.servlet.OAuth2ResourceServerAutoConfiguration",
                "org.opensafeguarding.platform.http.HttpProblemsAutoConfiguration",
                "org.opensafeguarding.platform.openapi.ApiDocumentAutoConfiguration"));
        return properties;
    }

    private static ConfigurableApplicationContext service(SpringApplicationBuilder application,
            Map<String, Object> properties) {
        Map<String, Object> all = new LinkedHashMap<>(properties);
        // this class closes the services in order; their own hooks would race with Kafka and PostgreSQL stopping,
        // and Spring's logging hook would silence the shutdown messages
        all.put("spring.main.register-shutdown-hook", false);
        all.put("logging.register-shutdown-hook", false);
        // as command-line arguments, because they must win over each service's own application.yml
        String[] args = all.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
        return application.bannerMode(Banner.Mode.OFF).run(args);
    }

    String describe(LocalStackSettings settings) {
        StringBuilder out = new StringBuilder("\nSafeguarding workflow local stack is up. Data: ")
                .append(settings.dataDirectory()).append('\n');
        addresses.forEach((name, address) -> out.append(String.format("  %-11s %s%n", name, address)));
        if (accounts != null) {
            out.append(accounts);
        }
        return out.append("Press Ctrl-C to stop.\n").toString();
    }

    @Override
    public synchronized void close() {
        while (!started.isEmpty()) {
            AutoCloseable next = started.pop();
            try {
                log.info("Stopping {}", next instanceof ConfigurableApplicationContext c ? c.getId()
                        : next.getClass().getSimpleName());
                next.close();
            } catch (Exception e) {
                log.warn("Stopping {} failed: {}", next.getClass().getSimpleName(), e.getMessage());
            }
        }
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (var walk = Files.walk(path)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
