package org.opensafeguarding.engine.rest;

import io.camunda.client.protocol.rest.BrokerInfo;
import io.camunda.client.protocol.rest.Partition;
import io.camunda.client.protocol.rest.TopologyResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.opensafeguarding.engine.config.ServerPorts;
import org.opensafeguarding.engine.processing.EngineCommands;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** One broker, one partition, always leader: the engine is single-node by design. */
@RestController
class ClusterController {

    static final String VERSION = "8.8.14";

    private final EngineCommands commands;
    private final ServerPorts ports;

    ClusterController(EngineCommands commands, ServerPorts ports) {
        this.commands = commands;
        this.ports = ports;
    }

    @GetMapping("/v2/topology")
    CompletableFuture<TopologyResponse> topology() {
        return commands.lastPurgeChangeId().thenApply(changeId -> new TopologyResponse()
                .clusterSize(1)
                .partitionsCount(1)
                .replicationFactor(1)
                .gatewayVersion(VERSION)
                .lastCompletedChangeId(changeId == 0 ? "-1" : String.valueOf(changeId))
                .brokers(List.of(new BrokerInfo()
                        .nodeId(0)
                        .host("localhost")
                        .port(ports.grpcPort())
                        .version(VERSION)
                        .partitions(List.of(new Partition()
                                .partitionId(1)
                                .role(Partition.RoleEnum.LEADER)
                                .health(Partition.HealthEnum.HEALTHY))))));
    }
}
