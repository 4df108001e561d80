package org.opensafeguarding.engine.management;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.opensafeguarding.engine.processing.EngineCommands;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * POST /actuator/cluster/purge deletes all state (deployments included), as Camunda's purge does for tests;
 * the returned changeId is what the topology then reports as lastCompletedChangeId.
 *
 * <p>Exists only with {@code engine.testing.enabled=true} (test and replay profiles).
 */
@Component
@ConditionalOnProperty(name = "engine.testing.enabled", havingValue = "true")
@Endpoint(id = "cluster")
public class ClusterEndpoint {

    private final EngineCommands commands;

    public ClusterEndpoint(EngineCommands commands) {
        this.commands = commands;
    }

    @ReadOperation
    public Map<String, Object> topology() throws Exception {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("lastChange", Map.of("id", commands.lastPurgeChangeId().get(10, TimeUnit.SECONDS),
                "status", "COMPLETED"));
        body.put("brokers", 1);
        body.put("partitions", 1);
        return body;
    }

    @WriteOperation
    public Map<String, Object> operate(@Selector String operation) throws Exception {
        if (!"purge".equals(operation)) {
            throw badRequest("operation: only 'purge' is supported, not '" + operation + "'");
        }
        long changeId = commands.purge().get(30, TimeUnit.SECONDS);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("changeId", changeId);
        body.put("plannedChanges", java.util.List.of());
        return body;
    }

    /** 400 with the message, as the actuator answers a bad request (an IllegalArgumentException would be a 500). */
    private static InvalidEndpointRequestException badRequest(String message) {
        return new InvalidEndpointRequestException(message, message);
    }
}
