package org.opensafeguarding.workflow.processes.support;

import io.camunda.client.CamundaClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.opensafeguarding.workflow.WorkflowApplication;
import org.opensafeguarding.workflow.engine.ProcessIds;
import org.opensafeguarding.workflow.engine.ProcessModelDeployer;
import org.opensafeguarding.workflow.intake.ReferralIntake;
import org.opensafeguarding.workflow.pseudonym.Pseudonymiser;
import org.opensafeguarding.workflow.support.LocalEngine;
import org.opensafeguarding.workflow.support.TestInfrastructure;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Base class for process tests: one test per path through a process, run against the real thing.
 *
 * <p><b>What runs.</b> Per test class, one Spring context of the {@link WorkflowApplication} (web server on a random
 * port) with the real models of {@code bpmn/} deployed by the service itself at start-up and every job worker
 * running, on its own embedded PostgreSQL database, the JVM's in-process Kafka broker (topics of its own) and its own
 * local engine ({@link LocalEngine}, embedded, random ports, fresh database). Cases come in through the real intake.
 * The class's context is closed after its tests ({@code @DirtiesContext}), then its engine is stopped.
 *
 * <p><b>Between tests</b> nothing is purged: each test opens new cases and looks only at them. Before each test the
 * clock (the engine's and the service's together) is set to {@link ProcessHarness#DEFAULT_NOW}; after each test
 * every instance still running is cancelled.
 *
 * <p><b>Writing a test</b>: extend this class and use {@link #harness}:
 * <pre>{@code
 * class LadoNoFurtherActionTest extends ProcessTestSupport {
 *     @Test
 *     void noFurtherActionClosesTheCase() {
 *         ProcessCase lado = harness.startCase(ReferralKind.LADO_ALLEGATION);
 *         harness.completeUserTask(lado, "InitialConsideration", Map.of("route", "NFA", ...));
 *         harness.advanceClock(Duration.ofDays(8));                      // past dueL8a
 *         UserTask chase = harness.awaitEscalation(lado, "L8a", "lado-manager");   // its own instance
 *         harness.completeAsCaseworker(chase, Map.of("escalationAction", "CHASED"));
 *         assertThat(harness.deadline(lado, "L8a")).hasValueSatisfying(d -> assertThat(d.status()).isEqualTo("BREACHED"));
 *         harness.assertEventsPseudonymised(lado);
 *     }
 * }
 * }</pre>
 * Waits are Awaitility polls ({@link ProcessHarness#WAIT}); never sleep. Test-only settings: job retry back-off 1 s,
 * deployment retry from 200 ms.
 */
// declared before @SpringBootTest, so its afterAll runs after Spring's has closed the context (no worker is then
// left polling an engine that is gone)
@ExtendWith(ProcessTestSupport.StopEngine.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=" + WorkflowApplication.CONFIG_NAME,
                "safeguarding.workers.retry-backoff=1s",
                "safeguarding.deployment.retry-initial=200ms"})
@Import(ProcessTestSupport.ClockConfiguration.class)
@DirtiesContext
public abstract class ProcessTestSupport {

    private static LocalEngine engine;

    /** The class's topics on the shared broker (case events are also published there by the outbox relay). */
    protected static TestInfrastructure.Topics topics;

    @DynamicPropertySource
    static void processTestInfrastructure(DynamicPropertyRegistry registry) {
        engine = LocalEngine.start();
        topics = TestInfrastructure.registerWithEngine(registry, engine);
    }

    /**
     * The service's clock in process tests, moved with the engine's by the harness. Not in a replay test
     * ({@code safeguarding.clock.source=engine}): there the service reads the engine's clock itself, as in production.
     */
    @TestConfiguration(proxyBeanMethods = false)
    @ConditionalOnProperty(name = "safeguarding.clock.source", havingValue = "system", matchIfMissing = true)
    static class ClockConfiguration {

        @Bean
        TestClock testClock() {
            return new TestClock();
        }
    }

    @Autowired
    private CamundaClient client;

    @Autowired
    private ReferralIntake intake;

    @Autowired
    private JdbcClient jdbc;

    @Autowired
    private Pseudonymiser pseudonyms;

    @Autowired(required = false)
    private TestClock clock;

    @Autowired
    private ProcessModelDeployer deployer;

    @LocalServerPort
    private int port;

    /** Drives and observes the test's cases; new for each test. */
    protected ProcessHarness harness;

    @BeforeEach
    void startHarness() {
        await("process models deployed").atMost(ProcessHarness.WAIT).until(() -> deployer.deployment().isPresent());
        assertThat(deployer.versions()).containsKeys(ProcessIds.LADO_ALLEGATION, ProcessIds.CHILD_DEATH_REVIEW,
                ProcessIds.SCR_REFERRAL, ProcessIds.PRACTICE_REVIEW);
        if (clock == null) {
            // a replay test: the harness keeps its own copy of the engine's time
            clock = new TestClock();
        }
        harness = new ProcessHarness(client, intake, jdbc, pseudonyms, clock, engine.managementAddress(),
                URI.create("http://localhost:" + port));
        harness.beforeEach();
    }

    @AfterEach
    void stopHarness() {
        if (harness != null) {
            harness.afterEach();
        }
    }

    /** Stops the class's engine once the class's context is closed. */
    static final class StopEngine implements AfterAllCallback {

        @Override
        public void afterAll(ExtensionContext extensionContext) {
            if (engine != null) {
                engine.close();
                engine = null;
            }
        }
    }

    /**
     * For a replay test: the service in the replay profile's clock setting, reading the engine's clock through its
     * actuator endpoint. Call from the subclass's own {@code @DynamicPropertySource}.
     */
    protected static void readTheEnginesClock(DynamicPropertyRegistry registry) {
        registry.add("safeguarding.clock.source", () -> "engine");
        registry.add("safeguarding.clock.engine-url", () -> engine.managementAddress().resolve("/actuator/clock").toString());
    }

    /** The engine of this class, e.g. to stop and start it again. */
    protected static LocalEngine engine() {
        return engine;
    }
}
