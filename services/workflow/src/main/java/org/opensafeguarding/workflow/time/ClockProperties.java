package org.opensafeguarding.workflow.time;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.net.URI;
import java.time.Duration;

/**
 * Where the workflow service takes "now" from ({@code safeguarding.clock.*}).
 *
 * @param source    {@code system} (the default) or {@code engine}: the replay / migration profile, where the engine's
 *                  clock is pinned to a past year and every date the service computes must move with it
 * @param engineUrl the engine's clock endpoint ({@code GET /actuator/clock}, Camunda's actuator path), read with the
 *                  service's own engine token; only for {@code source=engine}
 * @param timeout   how long one read of the engine's clock may take before the service gives up (and the caller fails,
 *                  rather than silently using the system clock)
 */
@ConfigurationProperties("safeguarding.clock")
public record ClockProperties(@DefaultValue("system") Source source,
                              @DefaultValue("http://localhost:9600/actuator/clock") URI engineUrl,
                              @DefaultValue("PT5S") Duration timeout) {

    public enum Source {
        SYSTEM, ENGINE
    }
}
