package org.opensafeguarding.engine;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.response.DeploymentEvent;
import io.camunda.client.api.response.ProcessInstanceEvent;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.opensafeguarding.testkit.EmbeddedPostgresSupport;

/**
 * One engine per test class, started with {@link EmbeddedEngine} on random ports and a fresh database, driven
 * only through the official client (REST) and the management HTTP endpoints.
 */
abstract class EngineTestSupport {

    private static final AtomicInteger IDS = new AtomicInteger();

    static String jdbcUrl;
    static RunningEngine engine;
    static CamundaClient client;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void startEngine() {
        jdbcUrl = EmbeddedPostgresSupport.newDatabase("engine");
        engine = EmbeddedEngine.start(EngineSettings.forDatabase(jdbcUrl, EmbeddedPostgresSupport.username(),
                EmbeddedPostgresSupport.password()));
        client = newClient(engine);
    }

    @AfterAll
    static void stopEngine() {
        if (client != null) {
            client.close();
        }
        if (engine != null) {
            engine.close();
        }
    }

    static CamundaClient newClient(RunningEngine running) {
        return CamundaClient.newClientBuilder()
                .restAddress(running.restAddress())
                .grpcAddress(running.grpcAddress())
                .preferRestOverGrpc(true)
                .defaultRequestTimeout(Duration.ofSeconds(20))
                .build();
    }

    static void restartEngine() {
        client.close();
        engine.close();
        engine = EmbeddedEngine.start(EngineSettings.forDatabase(jdbcUrl, EmbeddedPostgresSupport.username(),
                EmbeddedPostgresSupport.password()));
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

    static void advanceClock(Duration by) {
        management("POST", "/actuator/clock/add", "{\"offsetMilli\":" + by.toMillis() + "}");
    }

    static void resetClock() {
        management("DELETE", "/actuator/clock", null);
    }
}
