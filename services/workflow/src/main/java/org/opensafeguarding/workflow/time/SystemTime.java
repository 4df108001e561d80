package org.opensafeguarding.workflow.time;

import java.time.Clock;

/** The only place the workflow service names the system clock (see {@code ClockArchitectureTest}). */
public final class SystemTime {

    private SystemTime() {
    }

    public static Clock clock() {
        return Clock.systemUTC();
    }
}
