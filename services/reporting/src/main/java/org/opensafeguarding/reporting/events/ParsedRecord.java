package org.opensafeguarding.reporting.events;

/**
 * What the parser made of one record: an event to project, or a rejection. A rejected record that still names its
 * case and sequence carries them, so the case's later events are not held behind it for ever.
 */
public record ParsedRecord(CaseEvent event, Rejection rejection, String eventId, String eventType,
                           String casePseudonym, Long sequence, String tenant) {

    public static ParsedRecord accepted(CaseEvent event) {
        return new ParsedRecord(event, null, event.id(), event.type(), event.casePseudonym(), event.sequence(),
                event.tenant());
    }

    public boolean isAccepted() {
        return rejection == null;
    }

    /** A rejected record with a case, a sequence and a tenant still takes its place in the case's order. */
    public boolean isSequenced() {
        return casePseudonym != null && sequence != null && tenant != null;
    }
}
