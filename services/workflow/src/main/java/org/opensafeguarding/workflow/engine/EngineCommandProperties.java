package org.opensafeguarding.workflow.engine;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * @param pollInterval  pause between dispatcher runs when nothing is due
 * @param batchSize     commands claimed per run
 * @param lease         how long a claimed command is left alone before another run (or instance) may retry it;
 *                      longer than any engine call takes
 * @param retryInitial  first back-off after a failed engine call; doubles per attempt
 * @param retryMax      longest back-off; attempts never stop, so no start is ever given up
 * @param messageTtl    how long a correlation message waits in the engine for a process that can catch it
 */
@ConfigurationProperties("safeguarding.engine-commands")
public record EngineCommandProperties(Duration pollInterval, Integer batchSize, Duration lease, Duration retryInitial,
                                      Duration retryMax, Duration messageTtl) {

    public EngineCommandProperties {
        pollInterval = pollInterval == null ? Duration.ofMillis(200) : pollInterval;
        batchSize = batchSize == null ? 50 : batchSize;
        lease = lease == null ? Duration.ofSeconds(60) : lease;
        retryInitial = retryInitial == null ? Duration.ofSeconds(1) : retryInitial;
        retryMax = retryMax == null ? Duration.ofMinutes(2) : retryMax;
        messageTtl = messageTtl == null ? Duration.ofDays(7) : messageTtl;
    }
}
