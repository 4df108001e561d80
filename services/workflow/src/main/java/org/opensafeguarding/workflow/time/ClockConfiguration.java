package org.opensafeguarding.workflow.time;

import io.camunda.client.CredentialsProvider;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

import java.time.Clock;

/**
 * The one clock of the workflow service. Everything that needs "now" (workers computing deadlines, the tasklist
 * judging "met", intake stamping a receipt, events dating themselves) takes this bean, so a replay with the engine's
 * clock pinned to 2013 moves every date together. An auto-configuration, so a test's own clock bean replaces it.
 * {@code ClockArchitectureTest} forbids any other read of the system clock in the service.
 */
@AutoConfiguration
@EnableConfigurationProperties(ClockProperties.class)
public class ClockConfiguration {

    @Bean
    @ConditionalOnMissingBean(Clock.class)
    Clock workflowClock(ClockProperties properties, ObjectProvider<CredentialsProvider> credentials) {
        return switch (properties.source()) {
            case SYSTEM -> SystemTime.clock();
            case ENGINE -> new EngineClock(properties.engineUrl(), properties.timeout(), credentials.getIfAvailable());
        };
    }
}
