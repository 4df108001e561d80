package org.opensafeguarding.workflow.operations;

import org.springframework.http.HttpStatus;

/** An operator request refused, with its status and code; messages name keys and states only. */
class OperationsRefused extends RuntimeException {

    private final HttpStatus status;
    private final String code;

    OperationsRefused(HttpStatus status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    HttpStatus status() {
        return status;
    }

    String code() {
        return code;
    }

    /** A path's key or id: a positive number, else 400 naming the parameter. */
    static long positiveNumber(String parameter, String text) {
        try {
            long value = Long.parseLong(text);
            if (value > 0) {
                return value;
            }
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw new OperationsRefused(HttpStatus.BAD_REQUEST, "invalid-request", parameter + " must be a positive number");
    }
}
