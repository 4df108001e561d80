package org.opensafeguarding.workflow.monitoring;

import org.springframework.boot.actuate.health.Status;

/** The service works but something needs a person: HTTP 200, ordered between DOWN and UP (workflow.yml). */
public final class Degraded {

    public static final Status STATUS = new Status("DEGRADED");

    private Degraded() {
    }
}
