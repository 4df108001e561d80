package org.opensafeguarding.engine;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.response.DeploymentEvent;
import io.camunda.client.api.response.ProcessInstanceEvent;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.camunda.client.api.command.ClientStatusException;
import io.camunda.client.api.command.ProblemException;
import io.grpc.Status;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInfo;
import org.opensafeguarding.testkit.EmbeddedPostgresSupport;

/**
 * One engine per test class, started with {@link EmbeddedEngine} on random ports and a fresh database, driven
 * only through the official client (REST) and the management HTTP endpoints. A subclass annotated
 * {@link OverGrpc} runs the same tests with the client preferring gRPC (searches and user task commands still
 * go over REST, as the 8.8 client has them nowhere else).
 */
abstract class EngineTestSupport {

    private static final AtomicInteger IDS = new AtomicInteger();

    static String jdbcUrl;
    static RunningEngine engine;
    static CamundaClient client;
    static final HttpClient HTTP = HttpClient.newHttpClient();
    /** Whether {@link #newClient} prefers REST; false for the test classes annotated {@link OverGrpc}. */
    static boolean preferRest = true;

    /** Runs the inherited tests with a client that sends its commands over gRPC. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.TYPE)
    @interface OverGrpc {
    }

    @BeforeAll
    static void startEngine(TestInfo testInfo) {
        preferRest = testInfo.getTestClass().map(type -> !type.isAnnotationPresent(OverGrpc.class)).orElse(true);
        jdbcUrl = EmbeddedPostgresSupport.newDatabase("engine");
        engine = EmbeddedEngine.start(settings(jdbcUrl));
        client = newClient(engine);
    }

    /** The suites' engine: no token checks (the client has no credentials), testing endpoints on. */
    static EngineSettings settings(String database) {
        return TestEngines.unsecuredTesting(EngineSettings.forDatabase(database, EmbeddedPostgresSupport.username(),
                EmbeddedPostgresSupport.password()));
    }

    @AfterAll
    static void stopEngine() {
        if (client != null) {
            client.close();
        }
        if (engine != null) {
            engine.close();
        }
        preferRest = true;
    }

    static CamundaClient newClient(RunningEngine running) {
        return CamundaClient.newClientBuilder()
                .restAddress(running.restAddress())
                .grpcAddress(running.grpcAddress())
                .preferRestOverGrpc(preferRest)
                .defaultRequestTimeout(Duration.ofSeconds(20))
                .build();
    }

    static void restartEngine() {
        client.close();
        engine.close();
        engine = EmbeddedEngine.start(settings(jdbcUrl));
        client = newClient(engine);
    }

    /** A process id no other test in the class uses, so tests never see each other's instances. */
    static String uniqueId(String prefix) {
        return prefix + "-" + IDS.incrementAndGet();
    }

    static DeploymentEvent deploy(BpmnModelInstance model, String name) {
        return client.newDeployResourceCommand().addProcessModel(model, name + ".bpmn").send().join();
    }

    static ProcessInstanceEvent start(String processId, Map<String, Object> variables) {
        return client.newCreateInstanceCommand().bpmnProcessId(processId).latestVersion()
                .variables(variables).send().join();
    }

    static String management(String method, String path, String body) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(engine.managementAddress() + path))
                    .header("Content-Type", "application/json");
            request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 300) {
                throw new AssertionError(method + " " + path + " answered " + response.statusCode() + ": "
                        + response.body());
            }
            return response.body();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Asserts a rejection the same way over both protocols: the HTTP status and problem detail over REST, the
     * gRPC code Camunda's gateway uses for that status and the description over gRPC.
     */
    static void assertRejected(Throwable error, int httpStatus, String... detailParts) {
        assertRejected(error, httpStatus, switch (httpStatus) {
            case 400 -> Status.Code.INVALID_ARGUMENT;
            case 404 -> Status.Code.NOT_FOUND;
            case 409 -> Status.Code.FAILED_PRECONDITION;
            case 503 -> Status.Code.UNAVAILABLE;
            case 504 -> Status.Code.DEADLINE_EXCEEDED;
            default -> throw new IllegalArgumentException("no gRPC code for HTTP " + httpStatus);
        }, detailParts);
    }

    /** {@link #assertRejected(Throwable, int, String...)} where the gRPC code is not the default for the status. */
    static void assertRejected(Throwable error, int httpStatus, Status.Code grpcCode, String... detailParts) {
        String detail;
        if (error instanceof ProblemException problem) {
            org.assertj.core.api.Assertions.assertThat(problem.code()).isEqualTo(httpStatus);
            detail = problem.details() == null ? "" : String.valueOf(problem.details().getDetail());
        } else if (error instanceof ClientStatusException status) {
            org.assertj.core.api.Assertions.assertThat(status.getStatusCode()).isEqualTo(grpcCode);
            detail = String.valueOf(status.getMessage());
        } else {
            throw new AssertionError("expected a REST or gRPC rejection but got " + error, error);
        }
        for (String part : detailParts) {
            org.assertj.core.api.Assertions.assertThat(detail).contains(part);
        }
    }

    static void advanceClock(Duration by) {
        management("POST", "/actuator/clock/add", "{\"offsetMilli\":" + by.toMillis() + "}");
    }

    static void resetClock() {
        management("DELETE", "/actuator/clock", null);
    }
}
