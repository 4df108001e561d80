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
}
