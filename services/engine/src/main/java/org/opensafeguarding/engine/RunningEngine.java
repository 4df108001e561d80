package org.opensafeguarding.engine;

import java.net.URI;
import org.springframework.context.ConfigurableApplicationContext;

/** Handle on an engine started by {@link EmbeddedEngine}: its actual addresses, and close() to stop it. */
public final class RunningEngine implements AutoCloseable {

    private final ConfigurableApplicationContext context;
    private final URI restAddress;
    private final URI managementAddress;
    private final URI grpcAddress;

    RunningEngine(ConfigurableApplicationContext context, URI restAddress, URI managementAddress, URI grpcAddress) {
        this.context = context;
        this.restAddress = restAddress;
        this.managementAddress = managementAddress;
        this.grpcAddress = grpcAddress;
    }

    /**
     * Base address of the REST API, e.g. {@code http://127.0.0.1:41234} (the client appends /v2): the host is
     * {@code engine.bind-address}, or localhost when that is a wildcard address.
     */
    public URI restAddress() {
        return restAddress;
    }

    /** Base address of the management server; the actuator lives under {@code /actuator}. */
    public URI managementAddress() {
        return managementAddress;
    }

    /** Address to hand to the client's grpcAddress(); see docs/engine.md for the state of gRPC. */
    public URI grpcAddress() {
        return grpcAddress;
    }

    /** The engine's own Spring context, for embedding code that needs a bean (tests mostly). */
    public ConfigurableApplicationContext context() {
        return context;
    }

    @Override
    public void close() {
        context.close();
    }
}
