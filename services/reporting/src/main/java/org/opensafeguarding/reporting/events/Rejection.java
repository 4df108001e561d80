package org.opensafeguarding.reporting.events;

/**
 * Why a record cannot be projected, as codes: {@code reason} (invalid-json, envelope, unknown-type, data,
 * sequence-conflict, projection-failed), the JSON pointer of the field and the rule it broke. Never a value.
 */
public record Rejection(String reason, String field, String rule, String detail) {

    public static Rejection of(String reason, String field, String rule) {
        return new Rejection(reason, field, rule, reason + ": " + (field.isEmpty() ? "the record" : field)
                + " fails rule " + rule);
    }
}
