package org.opensafeguarding.engine.management;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.opensafeguarding.engine.processing.CommandProcessor;
import org.springframework.stereotype.Component;

/**
 * The engine's own figures on {@code /actuator/prometheus} (docs/operations.md, "Metrics and health"). They read the
 * processor's counters, which any thread may read; nothing here touches the state the processing thread owns.
 */
@Component
public class EngineMetrics implements MeterBinder {

    private final CommandProcessor processor;

    public EngineMetrics(CommandProcessor processor) {
        this.processor = processor;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("engine.commands.accepting", processor, p -> p.acceptsCommands() ? 1 : 0)
                .description("1 while the engine takes commands, 0 while it reloads its state after a failed commit")
                .register(registry);
        FunctionCounter.builder("engine.store.failures", processor, CommandProcessor::storeFailureCount)
                .description("Batches of commands the store could not commit since start").register(registry);
        FunctionCounter.builder("engine.store.reloads", processor, CommandProcessor::reloadCount)
                .description("Times the state was rebuilt from the store since start").register(registry);
        Gauge.builder("engine.commands.queued", processor, CommandProcessor::queuedCommands)
                .description("Commands waiting for the processing thread; growing means the engine is behind")
                .register(registry);
        Gauge.builder("engine.jobs.activations.parked", processor, CommandProcessor::parkedActivations)
                .description("Job activation long polls waiting for a job; each holds a worker's request open")
                .register(registry);
        Gauge.builder("engine.timers.given-up", processor, CommandProcessor::timersGivenUp)
                .description("Timer start events that failed every attempt to fire; tried again after a restart or "
                        + "a new deployment of their process").register(registry);
        Gauge.builder("engine.incidents.active", processor, CommandProcessor::activeIncidents)
                .description("Incidents waiting for an operator (all process instances)").register(registry);
    }
}
