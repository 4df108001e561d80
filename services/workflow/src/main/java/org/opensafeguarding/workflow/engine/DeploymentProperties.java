package org.opensafeguarding.workflow.engine;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;
import java.util.List;

/**
 * @param enabled      deploy the process models and forms at start-up
 * @param resources    Spring resource patterns; the models and forms of {@code bpmn/} are packaged under
 *                     {@code bpmn/} in the jar
 * @param retryInitial first pause after a failed attempt (engine not reachable yet); doubles per attempt
 * @param retryMax     longest pause; attempts never stop
 */
@ConfigurationProperties("safeguarding.deployment")
public record DeploymentProperties(Boolean enabled, List<String> resources, Duration retryInitial, Duration retryMax) {

    public DeploymentProperties {
        enabled = enabled == null || enabled;
        resources = resources == null || resources.isEmpty()
                ? List.of("classpath*:bpmn/*.bpmn", "classpath*:bpmn/forms/*.form") : List.copyOf(resources);
        retryInitial = retryInitial == null ? Duration.ofSeconds(1) : retryInitial;
        retryMax = retryMax == null ? Duration.ofMinutes(1) : retryMax;
    }
}
