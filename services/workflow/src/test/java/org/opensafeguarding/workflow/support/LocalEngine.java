package org.opensafeguarding.workflow.support;

import org.opensafeguarding.engine.EmbeddedEngine;
import org.opensafeguarding.engine.EngineSettings;
import org.opensafeguarding.engine.RunningEngine;
import org.opensafeguarding.testkit.EmbeddedPostgresSupport;
import org.opensafeguarding.testkit.TestIdentity;

import java.net.URI;

/**
 * The local engine, closed to callers without a token as in production, on a fresh database of its own, which can be stopped and started again on the same database
 * and ports: clients configured with its addresses reconnect, as they would to a restarted server.
 */
public final class LocalEngine implements AutoCloseable {

    private final String jdbcUrl;
    private RunningEngine running;
    private URI restAddress;
    private URI grpcAddress;
    private URI managementAddress;

    private LocalEngine(String jdbcUrl) {
        this.jdbcUrl = jdbcUrl;
    }

    /** Starts an engine on free ports. */
    public static LocalEngine start() {
        LocalEngine engine = new LocalEngine(EmbeddedPostgresSupport.newDatabase("engine"));
        engine.start(0, 0, 0);
        return engine;
    }

    public URI restAddress() {
        return restAddress;
    }

    public URI grpcAddress() {
        return grpcAddress;
    }

    /** The management server (actuator: clock, purge, health), e.g. {@code POST /actuator/clock/add}. */
    public URI managementAddress() {
        return managementAddress;
    }

    /** Stops the engine; its database keeps everything it acknowledged. */
    public void stop() {
        if (running != null) {
            running.close();
            running = null;
        }
    }

    /** Starts it again on the same database and the same ports. */
    public void restart() {
        stop();
        start(restAddress.getPort(), managementAddress.getPort(), grpcAddress.getPort());
    }

    private void start(int rest, int management, int grpc) {
        // closed as in production (tokens from the test identity provider), with the testing endpoints the
        // process tests move the clock through
        EngineSettings settings = EngineSettings.forDatabase(jdbcUrl, EmbeddedPostgresSupport.username(),
                        EmbeddedPostgresSupport.password()).withPorts(rest, management, grpc)
                .withProperty("engine.security.issuer-uri", TestIdentity.shared().issuer().toString())
                .withProperty("engine.testing.enabled", "true")
                // the tests move the engine's clock by months and years; history retention counts engine time and
                // would delete the ended instances (escalations, called processes) they go on to inspect
                .withProperty("engine.history-retention", "forever");
        running = EmbeddedEngine.start(settings);
        restAddress = running.restAddress();
        grpcAddress = running.grpcAddress();
        managementAddress = running.managementAddress();
    }

    @Override
    public void close() {
        stop();
    }
}
