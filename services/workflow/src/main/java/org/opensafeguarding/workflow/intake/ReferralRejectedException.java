package org.opensafeguarding.workflow.intake;

/**
 * A referral that can never be accepted as it is: retrying would give the same answer, so Kafka records go to
 * the dead-letter topic and REST callers get a 4xx. The message names the field and the rule, and never
 * repeats the submitted value (it may be personal data).
 *
 * @see RejectionReason
 */
public class ReferralRejectedException extends RuntimeException {

    private final RejectionReason reason;
    private final String field;
    private final String rule;

    /**
     * @param field JSON pointer into the CloudEvent ({@code ""} for the whole record)
     * @param rule  the schema keyword or check that failed, e.g. {@code required}, {@code format}, {@code max-bytes}
     */
    public ReferralRejectedException(RejectionReason reason, String field, String rule, String message) {
        super(message);
        this.reason = reason;
        this.field = field == null ? "" : field;
        this.rule = rule;
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
}
