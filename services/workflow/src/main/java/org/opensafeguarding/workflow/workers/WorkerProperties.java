package org.opensafeguarding.workflow.workers;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * @param retryBackoff how long the engine waits before offering a job again after a worker failed it for a
 *                     reason that may pass (database or engine unavailable); input errors are not retried
 * @param maxErrorMessage longest failure message sent to the engine (incidents show it)
 */
@ConfigurationProperties("safeguarding.workers")
public record WorkerProperties(Duration retryBackoff, Integer maxErrorMessage) {

    public WorkerProperties {
        retryBackoff = retryBackoff == null ? Duration.ofSeconds(10) : retryBackoff;
        maxErrorMessage = maxErrorMessage == null ? 2000 : maxErrorMessage;
    }
}
