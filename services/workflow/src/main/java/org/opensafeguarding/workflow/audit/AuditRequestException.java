package org.opensafeguarding.workflow.audit;

import org.springframework.http.HttpStatus;

/** A request to the auditor API refused before anything was read; {@code parameter} names the bad one, if any. */
class AuditRequestException extends RuntimeException {

    private final HttpStatus status;
    private final String code;
    private final String parameter;

    AuditRequestException(HttpStatus status, String code, String parameter, String message) {
        super(message);
        this.status = status;
        this.code = code;
        this.parameter = parameter;
    }

    static AuditRequestException invalid(String parameter, String message) {
        return new AuditRequestException(HttpStatus.BAD_REQUEST, "invalid-parameter", parameter, message);
    }

    HttpStatus status() {
        return status;
    }

    String code() {
        return code;
    }

    String parameter() {
        return parameter;
    }
}
