package org.opensafeguarding.workflow.processes.support;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A case event as written to the outbox (what the relay publishes on {@code safeguarding.case-events.v1}).
 *
 * @param type     the short type, e.g. {@code deadline.breached} ({@code org.opensafeguarding.case.} removed)
 * @param data     the CloudEvent's {@code data}
 * @param envelope the whole CloudEvent
 */
public record CaseEvent(long id, String type, JsonNode data, JsonNode envelope) {

    /** A text field of {@code data}, e.g. {@code event.text("timescale")}. */
    public String text(String field) {
        return data.path(field).asText(null);
    }
}
