package org.opensafeguarding.workflow.access;

import org.springframework.http.HttpStatus;

import java.util.List;
import java.util.Map;

/** A request about case access that is malformed (400) or out of place (409); nothing was changed. */
final class AccessProblem extends RuntimeException {

    private final HttpStatus status;
    private final String code;
    private final List<Map<String, String>> errors;

    private AccessProblem(HttpStatus status, String code, String message, List<Map<String, String>> errors) {
        super(message);
        this.status = status;
        this.code = code;
        this.errors = errors;
    }

    static AccessProblem badRequest(String field, String rule, String message) {
        return new AccessProblem(HttpStatus.BAD_REQUEST, "invalid-request", message,
                List.of(Map.of("field", field, "rule", rule, "message", message)));
    }

    static AccessProblem conflict(String code, String message) {
        return new AccessProblem(HttpStatus.CONFLICT, code, message, List.of());
    }

    HttpStatus status() {
        return status;
    }

    String code() {
        return code;
    }

    List<Map<String, String>> errors() {
        return errors;
    }
}
