package org.opensafeguarding.workflow.casemessages;

import org.springframework.http.HttpStatus;

import java.util.List;

/**
 * A refusal of the case-messages API, with its HTTP status, a short problem code and, for a bad request, every
 * failing field. Messages name cases, messages, fields and rules, never a submitted value.
 */
public class CaseMessageException extends RuntimeException {

    private final HttpStatus status;
    private final String code;
    private final List<Violation> violations;

    CaseMessageException(HttpStatus status, String code, String message, List<Violation> violations) {
        super(message);
        this.status = status;
        this.code = code;
        this.violations = List.copyOf(violations);
    }

    CaseMessageException(HttpStatus status, String code, String message) {
        this(status, code, message, List.of());
    }

    public HttpStatus status() {
        return status;
    }

    public String code() {
        return code;
    }

    public List<Violation> violations() {
        return violations;
    }

    static CaseMessageException badRequest(String code, String message) {
        return new CaseMessageException(HttpStatus.BAD_REQUEST, code, message);
    }

    static CaseMessageException invalidBody(List<Violation> violations) {
        StringBuilder text = new StringBuilder("The body is not valid: ");
        for (int i = 0; i < violations.size(); i++) {
            text.append(i > 0 ? "; " : "").append(violations.get(i).field()).append(" (")
                    .append(violations.get(i).rule()).append(')');
        }
        return new CaseMessageException(HttpStatus.BAD_REQUEST, "invalid-body", text.toString(), violations);
    }

    static CaseMessageException unknownCase(String caseId) {
        return new CaseMessageException(HttpStatus.NOT_FOUND, "unknown-case", "No case " + caseId);
    }

    static CaseMessageException forbidden(String message) {
        return new CaseMessageException(HttpStatus.FORBIDDEN, "not-a-sender", message);
    }

    static CaseMessageException conflict(String code, String message) {
        return new CaseMessageException(HttpStatus.CONFLICT, code, message);
    }

    /** One failing field: its name, the rule it broke and an explanation that does not repeat the value. */
    public record Violation(String field, String rule, String message) {
    }
}
