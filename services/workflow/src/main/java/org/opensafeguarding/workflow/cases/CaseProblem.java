package org.opensafeguarding.workflow.cases;

import org.springframework.http.HttpStatus;

/** A case API request that cannot be answered: bad input (400), out of place (409) or the engine away (503). */
final class CaseProblem extends RuntimeException {

    private final HttpStatus status;
    private final String code;
    private final String field;

    private CaseProblem(HttpStatus status, String code, String message, String field) {
        super(message);
        this.status = status;
        this.code = code;
        this.field = field;
    }

    static CaseProblem badCaseId() {
        return new CaseProblem(HttpStatus.BAD_REQUEST, "invalid-request", "caseId must be a UUID", "caseId");
    }

    static CaseProblem noProcess(String caseId) {
        return new CaseProblem(HttpStatus.CONFLICT, "no-process-instance", "Case " + caseId + " has no process "
                + "instance (yet: its start may still be queued; an imported historical case never has one)", null);
    }

    static CaseProblem startRefused(String caseId) {
        return new CaseProblem(HttpStatus.CONFLICT, "process-start-refused", "Case " + caseId + " has no process "
                + "instance: the engine refused to start it. Operators have been told (the operations page lists it) "
                + "and will start it again once the cause is fixed", null);
    }

    static CaseProblem notInEngine(String what) {
        return new CaseProblem(HttpStatus.CONFLICT, "not-in-engine", "The engine no longer holds this case's process "
                + "instance (" + what + "): it ended and its history was removed", null);
    }

    static CaseProblem engineUnavailable(String what) {
        return new CaseProblem(HttpStatus.SERVICE_UNAVAILABLE, "engine-unavailable", "The engine cannot be asked "
                + "just now (" + what + "); try again shortly", null);
    }

    HttpStatus status() {
        return status;
    }

    String code() {
        return code;
    }

    /** The request field at fault, or null. */
    String field() {
        return field;
    }
}
