package org.opensafeguarding.reporting.events;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.LocalDate;
import java.util.Optional;

/**
 * One case event as the projections need it: the envelope facts plus the raw {@code data}, which projectors read
 * field by field so that fields added to the contract later are simply ignored until someone wires them in.
 * {@code root} is the whole record as read.
 */
public record CaseEvent(String id, String type, String casePseudonym, long sequence, String tenant, String caseType,
                        String processVersion, LocalDate occurredOn, boolean imported, JsonNode data, JsonNode root) {

    /** The record as JSON text, for holding it behind a gap; written only then, as most events never wait. */
    public String json() {
        return root.toString();
    }

    public Optional<String> text(String field) {
        JsonNode node = data.get(field);
        return node != null && node.isTextual() ? Optional.of(node.asText()) : Optional.empty();
    }

    public Optional<LocalDate> date(String field) {
        return text(field).flatMap(CaseEvent::parseDay);
    }

    static Optional<LocalDate> parseDay(String value) {
        try {
            return Optional.of(LocalDate.parse(value));
        } catch (RuntimeException notADay) {
            return Optional.empty();
        }
    }
}
