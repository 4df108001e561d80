package org.opensafeguarding.workflow.engine;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * @param pollInterval  pause between dispatcher runs when nothing is due
 * @param batchSize     commands claimed per run
 * @param lease         how long a claimed command is left alone before another run (or instance) may retry it;
 *                      longer than any engine call takes
 * @param retryInitial  first back-off after a failed engine call; doubles per attempt
 * @param retryMax      longest back-off; while the engine is away or failing, attempts never stop, so no start is
 *                      given up for an outage
 * @param messageTtl    how long a correlation message waits in the engine for a process that can catch it
 * @param refuseAfter   how many times the engine may refuse a command (400, 404, 409: about the command itself)
 *                      before it is parked as REFUSED for an operator; more than one, so a model that is being
 *                      deployed as the first start arrives does not park it
 */
@ConfigurationProperties("safeguarding.engine-commands")
public record EngineCommandProperties(Duration pollInterval, Integer batchSize, Duration lease, Duration retryInitial,
                                      Duration retryMax, Duration messageTtl, Integer refuseAfter) {

    public EngineCommandProperties {
        pollInterval = pollInterval == null ? Duration.ofMillis(200) : pollInterval;
        batchSize = batchSize == null ? 50 : batchSize;
        lease = lease == null ? Duration.ofSeconds(60) : lease;
        retryInitial = retryInitial == null ? Duration.ofSeconds(1) : retryInitial;
        retryMax = retryMax == null ? Duration.ofMinutes(2) : retryMax;
        messageTtl = messageTtl == null ? Duration.ofDays(7) : messageTtl;
        refuseAfter = refuseAfter == null ? 5 : refuseAfter;
        if (refuseAfter < 1) {
            throw new IllegalArgumentException("safeguarding.engine-commands.refuse-after must be at least 1");
        }
    }
}
