package org.opensafeguarding.workflow.intake;

/** Why a referral was refused: the value of the {@code x-dlt-reason} header and of {@code reason} in REST problems. */
public enum RejectionReason {
    INVALID_JSON("invalid-json"),
    /** Valid JSON but not a CloudEvents 1.0 structured envelope this service accepts. */
    ENVELOPE("envelope"),
    UNKNOWN_TYPE("unknown-type"),
    SCHEMA("schema"),
    /**
     * Schema-valid but not possible as it stands ({@link ReferralRules}, {@link TextIntegrity}): dates out of order,
     * in the future or before the floor, blank required text, control characters or lone surrogates in a string, a
     * code a later step refuses.
     */
    INVALID_DATA("invalid-data"),
    TOO_LARGE("too-large"),
    UNKNOWN_CASE("unknown-case"),
    /** The event id was used before for different content: the id is the idempotency key, so this is refused. */
    ID_CONFLICT("id-conflict"),
    /**
     * The {@code tenantid} is not a partnership this service knows, or is missing where it cannot be told from the
     * sender (docs/events.md, "Tenant").
     */
    UNKNOWN_TENANT("unknown-tenant"),
    /**
     * The sender may not submit this referral: an unregistered client or source, a tenant it does not act for, or
     * (a person) a referral kind outside their case types. REST answers 403.
     */
    NOT_AUTHORISED("not-authorised"),
    /** Classified as permanent by Spring Kafka itself (e.g. a record it could not hand to the listener). */
    UNPROCESSABLE("unprocessable"),
    /**
     * Valid, but the database refused to store it (a data exception such as an escaped NUL in text, SQLState class
     * 22; a constraint, 23; ...), after {@code safeguarding.intake.permanent-failure-retries} more attempts. The rule is
     * the SQLState. REST answers 422.
     */
    STORAGE_REFUSED("storage-refused"),
    /**
     * Valid, but our own code failed on it (a bug on one record), after the same retries. The rule is the exception
     * class. REST answers 422.
     */
    PROCESSING_FAILED("processing-failed");

    private final String code;

    RejectionReason(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }
}
