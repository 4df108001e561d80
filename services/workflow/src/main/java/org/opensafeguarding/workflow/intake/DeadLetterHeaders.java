package org.opensafeguarding.workflow.intake;

/**
 * Headers on every record in the referral dead-letter topic, beside Spring Kafka's own kafka_dlt-* ones. The record
 * value is a reference to the quarantined record, {@code {"quarantineId", "reason", "eventId"}}, never the record.
 */
public final class DeadLetterHeaders {

    /** A {@link RejectionReason} code, e.g. {@code schema}. */
    public static final String REASON = "x-dlt-reason";
    /** JSON pointer of the failing field in the CloudEvent; empty when the whole record failed. */
    public static final String FIELD = "x-dlt-field";
    /** The rule that failed: a JSON Schema keyword ({@code required}, {@code enum}, ...) or a check name. */
    public static final String RULE = "x-dlt-rule";
    /** Human-readable explanation; names fields and rules, never repeats submitted values. */
    public static final String MESSAGE = "x-dlt-message";
    /** The {@code referral_quarantine} row that holds the record; the record value says it too. */
    public static final String QUARANTINE_ID = "x-dlt-quarantine-id";

    private DeadLetterHeaders() {
    }
}
