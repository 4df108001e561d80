package org.opensafeguarding.workflow.tasklist;

import org.springframework.http.HttpStatus;

import java.util.List;

/**
 * The tasklist's refusals, each with its HTTP status and a short problem code. Messages name tasks, fields and
 * rules, never a submitted value (it may be personal data).
 */
public class TasklistException extends RuntimeException {

    private final HttpStatus status;
    private final String code;

    TasklistException(HttpStatus status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    public HttpStatus status() {
        return status;
    }

    public String code() {
        return code;
    }

    /** No user id on the request (401). */
    public static final class NotAuthenticated extends TasklistException {
        NotAuthenticated(String message) {
            super(HttpStatus.UNAUTHORIZED, "not-authenticated", message);
        }
    }

    /** The caller is not a candidate for the task (403). */
    public static final class Forbidden extends TasklistException {
        Forbidden(String message) {
            super(HttpStatus.FORBIDDEN, "not-a-candidate", message);
        }
    }

    /** No such task in the tasklist (404). */
    public static final class NotFound extends TasklistException {
        NotFound(long taskKey) {
            super(HttpStatus.NOT_FOUND, "unknown-task", "No task " + taskKey + " in the tasklist");
        }
    }

    /** The caller has no draft of the task (404). */
    public static final class NoDraft extends TasklistException {
        NoDraft(long taskKey) {
            super(HttpStatus.NOT_FOUND, "no-draft", "You have no draft of task " + taskKey);
        }
    }

    /** A query parameter out of range or malformed (400). */
    public static final class BadRequest extends TasklistException {
        BadRequest(String message) {
            super(HttpStatus.BAD_REQUEST, "invalid-request", message);
        }
    }

    /** The task's state does not allow the request: claimed by someone else, already ended, ... (409). */
    public static final class Conflict extends TasklistException {
        Conflict(String code, String message) {
            super(HttpStatus.CONFLICT, code, message);
        }
    }

    /** The engine cannot be reached now; nothing or only a retryable record was stored (503). */
    public static final class EngineUnavailable extends TasklistException {
        EngineUnavailable(String message) {
            super(HttpStatus.SERVICE_UNAVAILABLE, "engine-unavailable", message);
        }
    }

    /** The submitted form values do not satisfy the task's form (400); nothing was stored. */
    public static final class FormInvalid extends TasklistException {
        private final List<FormViolation> violations;

        FormInvalid(List<FormViolation> violations) {
            super(HttpStatus.BAD_REQUEST, "form-invalid", describe(violations));
            this.violations = List.copyOf(violations);
        }

        public List<FormViolation> violations() {
            return violations;
        }

        private static String describe(List<FormViolation> violations) {
            StringBuilder text = new StringBuilder("The form values are not valid: ");
            for (int i = 0; i < violations.size(); i++) {
                if (i > 0) {
                    text.append("; ");
                }
                text.append(violations.get(i).field()).append(" (").append(violations.get(i).rule()).append(')');
            }
            return text.toString();
        }
    }

    /** Tray query parameters that break their rules (400), each named with its rule. */
    public static final class QueryInvalid extends TasklistException {
        private final List<FormViolation> violations;

        QueryInvalid(List<FormViolation> violations) {
            super(HttpStatus.BAD_REQUEST, "query-invalid", violations.stream()
                    .map(FormViolation::message).reduce((a, b) -> a + "; " + b).orElse("The query is not valid"));
            this.violations = List.copyOf(violations);
        }

        public List<FormViolation> violations() {
            return violations;
        }
    }

    /** One failing form field: its key, the rule it broke and an explanation that does not repeat the value. */
    public record FormViolation(String field, String rule, String message) {
    }
}
