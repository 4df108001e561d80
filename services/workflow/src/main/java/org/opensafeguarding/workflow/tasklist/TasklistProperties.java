package org.opensafeguarding.workflow.tasklist;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * @param pollInterval  pause between two reads of the engine's open user tasks
 * @param pageSize      tasks asked of the engine per search page
 * @param engineTimeout longest wait for one engine call
 * @param lease         how long a completion being sent to the engine is left to that attempt before another may
 *                      retry it; longer than an engine call takes
 * @param retryInitial  first back-off after the engine did not take a completion; doubles per attempt
 * @param retryMax      longest back-off; attempts never stop, so a recorded completion is never given up
 * @param maxPageSize   largest page the task list API hands out
 */
@ConfigurationProperties("safeguarding.tasklist")
public record TasklistProperties(Duration pollInterval, Integer pageSize, Duration engineTimeout, Duration lease,
                                 Duration retryInitial, Duration retryMax, Integer maxPageSize) {

    public TasklistProperties {
        pollInterval = pollInterval == null ? Duration.ofSeconds(1) : pollInterval;
        pageSize = pageSize == null ? 100 : pageSize;
        engineTimeout = engineTimeout == null ? Duration.ofSeconds(20) : engineTimeout;
        lease = lease == null ? Duration.ofSeconds(60) : lease;
        retryInitial = retryInitial == null ? Duration.ofSeconds(1) : retryInitial;
        retryMax = retryMax == null ? Duration.ofMinutes(2) : retryMax;
        maxPageSize = maxPageSize == null ? 100 : maxPageSize;
    }

    Duration backOff(int attempts) {
        long factor = 1L << Math.min(Math.max(attempts - 1, 0), 20);
        Duration wait = retryInitial.multipliedBy(factor);
        return wait.compareTo(retryMax) > 0 ? retryMax : wait;
    }
}
