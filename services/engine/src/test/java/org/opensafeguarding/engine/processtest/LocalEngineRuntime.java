package org.opensafeguarding.engine.processtest;

import io.camunda.client.CamundaClient;
import io.camunda.client.CamundaClientBuilder;
import io.camunda.process.test.api.CamundaClientBuilderFactory;
import io.camunda.process.test.api.CamundaProcessTestExtension;
import io.camunda.process.test.api.CamundaProcessTestRuntimeMode;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import org.opensafeguarding.engine.EmbeddedEngine;
import org.opensafeguarding.engine.EngineSettings;
import org.opensafeguarding.engine.RunningEngine;
import org.opensafeguarding.engine.TestEngines;
import org.opensafeguarding.testkit.EmbeddedPostgresSupport;

/**
 * Starts the local engine on free ports with a fresh database and builds a {@link CamundaProcessTestExtension}
 * in REMOTE mode pointing at it: the library then treats the engine exactly like an already running Camunda
 * 8.8 (topology check, purge between tests, clock for {@code increaseTime}, searches for the assertions).
 *
 * <p>Every HTTP request the library and the client send is written to Tomcat access logs under
 * {@code <build folder>/process-test-access-logs} (REST server {@code rest_*.log}, management server
 * {@code management_rest_*.log}), so it is visible which endpoints the library uses.
 */
final class LocalEngineRuntime {

    private LocalEngineRuntime() {
    }

    /** The module's build folder (target, or the -Dbuild.folder override): parent of test-classes. */
    static Path buildFolder() {
        try {
            return Path.of(LocalEngineRuntime.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                    .getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static RunningEngine start() {
        String jdbcUrl = EmbeddedPostgresSupport.newDatabase("cpt");
        // the library's clients have no credentials, and it purges and moves the clock between tests
        EngineSettings settings = TestEngines.unsecuredTesting(EngineSettings.forDatabase(jdbcUrl,
                        EmbeddedPostgresSupport.username(), EmbeddedPostgresSupport.password()))
                .withProperty("server.tomcat.accesslog.enabled", "true")
                .withProperty("server.tomcat.accesslog.directory",
                        buildFolder().resolve("process-test-access-logs").toString())
                .withProperty("server.tomcat.accesslog.prefix", "rest")
                .withProperty("server.tomcat.accesslog.pattern", "%t \"%r\" %s %D ms");
        return EmbeddedEngine.start(settings);
    }

    /**
     * The extension in REMOTE mode against the given engine. With {@code commandsOverRest} the clients the
     * library creates send their commands over REST; otherwise they use gRPC, which is what the library
     * chooses by default ({@code CamundaProcessTestContextImpl.createClient} sets
     * {@code preferRestOverGrpc(false)}). Searches are REST-only in either case.
     */
    static CamundaProcessTestExtension remoteExtension(RunningEngine engine, boolean commandsOverRest) {
        CamundaClientBuilderFactory clients = () -> {
            CamundaClientBuilder builder = CamundaClient.newClientBuilder()
                    .restAddress(engine.restAddress())
                    .grpcAddress(engine.grpcAddress())
                    .defaultRequestTimeout(Duration.ofSeconds(20));
            return commandsOverRest ? preferRestAlways(builder) : builder;
        };
        return new CamundaProcessTestExtension()
                .withRuntimeMode(CamundaProcessTestRuntimeMode.REMOTE)
                .withRemoteCamundaClientBuilderFactory(clients)
                .withRemoteCamundaMonitoringApiAddress(engine.managementAddress())
                .withCoverageReportDirectory(buildFolder().resolve("coverage-report").toString());
    }

    /**
     * The same effect as the client's {@code CAMUNDA_PREFER_REST=true} environment override, but for these
     * clients only (the environment variable would also switch the other test classes of the JVM to REST):
     * the builder ignores {@code preferRestOverGrpc(false)}.
     */
    static CamundaClientBuilder preferRestAlways(CamundaClientBuilder delegate) {
        delegate.preferRestOverGrpc(true);
        return (CamundaClientBuilder) Proxy.newProxyInstance(CamundaClientBuilder.class.getClassLoader(),
                new Class<?>[] {CamundaClientBuilder.class}, (proxy, method, args) -> {
                    Object[] arguments = args;
                    if (isPreferRest(method)) {
                        arguments = new Object[] {Boolean.TRUE};
                    }
                    try {
                        Object result = method.invoke(delegate, arguments);
                        return result == delegate ? proxy : result;
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private static boolean isPreferRest(Method method) {
        return method.getName().equals("preferRestOverGrpc") && method.getParameterCount() == 1;
    }
}
