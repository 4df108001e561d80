package org.opensafeguarding.workflow.casemessages;

import java.util.List;

/**
 * One routing fact a message carries: the body field, its rule and the process variable it becomes. Only codes,
 * booleans and ISO dates are allowed, so no free text can reach the engine through a message.
 *
 * @param codes the allowed values of a {@link Kind#CODE} field, empty otherwise
 */
record MessageField(String name, Kind kind, boolean required, List<String> codes, String variable) {

    enum Kind {
        /** {@code YYYY-MM-DD}, not after today (the service's clock, London). */
        DATE,
        /** One of {@link #codes}. */
        CODE,
        BOOLEAN
    }

    MessageField {
        codes = List.copyOf(codes);
    }

    static MessageField requiredDate(String name, String variable) {
        return new MessageField(name, Kind.DATE, true, List.of(), variable);
    }

    static MessageField optionalDate(String name, String variable) {
        return new MessageField(name, Kind.DATE, false, List.of(), variable);
    }

    static MessageField requiredCode(String name, String variable, List<String> codes) {
        return new MessageField(name, Kind.CODE, true, codes, variable);
    }

    static MessageField optionalBoolean(String name, String variable) {
        return new MessageField(name, Kind.BOOLEAN, false, List.of(), variable);
    }

    /** The rule in words, for the API's documentation and problem messages. */
    String describe() {
        String rule = switch (kind) {
            case DATE -> "date YYYY-MM-DD, not in the future";
            case CODE -> "one of " + codes;
            case BOOLEAN -> "true or false";
        };
        return name + " (" + (required ? "required" : "optional") + ", " + rule + ") -> " + variable;
    }
}
