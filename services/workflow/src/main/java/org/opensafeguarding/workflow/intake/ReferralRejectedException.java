package org.opensafeguarding.workflow.intake;

/**
 * A referral that can never be accepted as it is: retrying would give the same answer, so Kafka records go to
 * the dead-letter topic and REST callers get a 4xx. The message names the field and the rule, and never
 * repeats the submitted value (it may be personal data).
 *
 * @see RejectionReason
 */
public class ReferralRejectedException extends RuntimeException {

    /**
     * An event id fit to be repeated in dead-letter references, audit rows and quarantine metadata: a UUID, ULID or
     * similar token, never free text (no spaces), at most the envelope's 200 characters.
     */
    public static final java.util.regex.Pattern EVENT_ID = java.util.regex.Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._:-]{0,199}$");

    private final RejectionReason reason;
    private final String field;
    private final String rule;
    private String eventId;

    /**
     * @param field JSON pointer into the CloudEvent ({@code ""} for the whole record)
     * @param rule  the schema keyword or check that failed, e.g. {@code required}, {@code format}, {@code max-bytes}
     */
    public ReferralRejectedException(RejectionReason reason, String field, String rule, String message) {
        this(reason, field, rule, message, null);
    }

    /** @param eventId the record's event id when it is a well-formed one ({@link #EVENT_ID}), else ignored */
    public ReferralRejectedException(RejectionReason reason, String field, String rule, String message, String eventId) {
        super(message);
        this.reason = reason;
        this.field = field == null ? "" : field;
        this.rule = rule;
        this.eventId = eventId != null && EVENT_ID.matcher(eventId).matches() ? eventId : null;
    }

    /** Names the record's event id (when well-formed and none is named yet); for the thrower's convenience. */
    public ReferralRejectedException forEvent(String id) {
        if (eventId == null && id != null && EVENT_ID.matcher(id).matches()) {
            eventId = id;
        }
        return this;
    }

    public RejectionReason reason() {
        return reason;
    }

    public String field() {
        return field;
    }

    public String rule() {
        return rule;
    }

    /** The event id, only when it is a well-formed id (so it can go where the record itself may not); else null. */
    public String eventId() {
        return eventId;
    }
}
