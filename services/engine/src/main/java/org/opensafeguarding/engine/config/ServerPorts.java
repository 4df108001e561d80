package org.opensafeguarding.engine.config;

import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.web.context.WebServerInitializedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The ports the servers really bound, which differ from the configured ones when 0 asked for a free port. The
 * management server runs in a child context whose events reach this listener through the parent.
 */
@Component
public class ServerPorts {

    private final AtomicInteger restPort = new AtomicInteger(-1);
    private final AtomicInteger managementPort = new AtomicInteger(-1);
    private final int grpcPort;

    public ServerPorts(EngineProperties properties) {
        this.grpcPort = properties.getGrpc().getPort() == 0 ? FreePort.find() : properties.getGrpc().getPort();
    }

    @EventListener
    public void onServerStarted(WebServerInitializedEvent event) {
        int port = event.getWebServer().getPort();
        if ("management".equals(event.getApplicationContext().getServerNamespace())) {
            managementPort.set(port);
        } else {
            restPort.set(port);
        }
    }

    public int restPort() {
        return restPort.get();
    }

    /** Same as the REST port when no separate management port was configured. */
    public int managementPort() {
        return managementPort.get() < 0 ? restPort.get() : managementPort.get();
    }

    public int grpcPort() {
        return grpcPort;
    }
}
