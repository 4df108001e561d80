package org.opensafeguarding.workflow.operations;

import org.opensafeguarding.workflow.tasklist.TasklistException;
import org.opensafeguarding.workflow.web.Problems;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.transaction.TransactionException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Problem JSON for the operator API. The engine's own wording is logged, never passed on: operators see the
 * status, the incident key and what to do.
 */
@RestControllerAdvice(assignableTypes = {IncidentController.class, RefusedCommandController.class})
class OperationsProblemHandler {

    private static final String AREA = "operations";
    private static final Logger log = LoggerFactory.getLogger(OperationsProblemHandler.class);

    @ExceptionHandler(OperationsRefused.class)
    ResponseEntity<ProblemDetail> refused(OperationsRefused e) {
        return answer(e.status(), e.code(), e.getMessage());
    }

    @ExceptionHandler(EngineIncidents.Refused.class)
    ResponseEntity<ProblemDetail> engineRefused(EngineIncidents.Refused e) {
        log.info("engine refused an operator request: {}", e.getMessage());
        return e.status() == 404 ? answer(HttpStatus.NOT_FOUND, "unknown-incident", "The engine has no such incident")
                : answer(HttpStatus.CONFLICT, "engine-refused", "The engine refused the retry (" + e.status()
                + "); read the incident again, it may have been resolved already");
    }

    @ExceptionHandler(EngineIncidents.Unreachable.class)
    ResponseEntity<ProblemDetail> engineAway(EngineIncidents.Unreachable e) {
        log.warn("operator request: engine unreachable: {}", e.getMessage());
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "5")
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(Problems.problem(AREA, HttpStatus.SERVICE_UNAVAILABLE, "engine-unavailable",
                        "The engine cannot be reached; nothing was changed. Try again shortly."));
    }

    @ExceptionHandler(TasklistException.class)
    ResponseEntity<ProblemDetail> identity(TasklistException e) {
        return answer(e.status(), e.code(), e.getMessage());
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ProblemDetail> unreadable(HttpMessageNotReadableException e) {
        return answer(HttpStatus.BAD_REQUEST, "invalid-request", "The body is not valid JSON");
    }

    @ExceptionHandler({DataAccessException.class, TransactionException.class})
    ResponseEntity<ProblemDetail> unavailable(RuntimeException e) {
        log.warn("operator request failed, database unavailable: {}", e.toString());
        return Problems.databaseUnavailable(AREA);
    }

    private static ResponseEntity<ProblemDetail> answer(HttpStatus status, String code, String detail) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(Problems.problem(AREA, status, code, detail));
    }
}
