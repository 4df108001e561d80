package org.opensafeguarding.engine.management;

import org.opensafeguarding.engine.processing.CommandProcessor;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Health component {@code engineStore}: DOWN while the engine refuses commands because a commit failed and its
 * state is being reloaded from the store. Part of the readiness group, so a load balancer stops sending work.
 */
@Component
public class EngineStoreHealthIndicator implements HealthIndicator {

    private final CommandProcessor processor;

    public EngineStoreHealthIndicator(CommandProcessor processor) {
        this.processor = processor;
    }

    @Override
    public Health health() {
        Health.Builder health = processor.acceptsCommands() ? Health.up()
                : Health.down().withDetail("reason", "a commit failed; reloading the state from the store");
        return health.withDetail("reloads", processor.reloadCount())
                .withDetail("storeFailures", processor.storeFailureCount())
                .build();
    }
}
