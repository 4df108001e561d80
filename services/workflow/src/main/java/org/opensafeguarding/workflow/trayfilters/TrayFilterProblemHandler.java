package org.opensafeguarding.workflow.trayfilters;

import org.opensafeguarding.workflow.tasklist.TasklistException;
import org.opensafeguarding.workflow.web.Problems;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.transaction.TransactionException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

import java.util.Map;

/** Problem JSON for the saved-filter API; it names fields and rules, never a submitted value. */
@RestControllerAdvice(assignableTypes = TrayFilterController.class)
class TrayFilterProblemHandler {

    private static final String AREA = "tray-filter";
    private static final Logger log = LoggerFactory.getLogger(TrayFilterProblemHandler.class);

    @ExceptionHandler(FilterRejected.class)
    ResponseEntity<ProblemDetail> rejected(FilterRejected e) {
        ProblemDetail problem = Problems.problem(AREA, e.status(), e.code(), e.getMessage());
        if (!e.errors().isEmpty()) {
            problem.setProperty("errors", e.errors().stream()
                    .map(f -> Map.of("field", f.field(), "rule", f.rule(), "message", f.message())).toList());
        }
        return ResponseEntity.status(e.status()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    /** The caller could not be identified (401). */
    @ExceptionHandler(TasklistException.class)
    ResponseEntity<ProblemDetail> identity(TasklistException e) {
        return ResponseEntity.status(e.status()).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(Problems.problem(AREA, e.status(), e.code(), e.getMessage()));
    }

    @ExceptionHandler({HttpMessageNotReadableException.class, MethodArgumentTypeMismatchException.class})
    ResponseEntity<ProblemDetail> unreadable(Exception e) {
        String field = e instanceof MethodArgumentTypeMismatchException m ? m.getName() : "body";
        ProblemDetail problem = Problems.problem(AREA, HttpStatus.BAD_REQUEST, "invalid-request",
                field.equals("body") ? "The body is not valid JSON" : field + " is not valid");
        problem.setProperty("errors", java.util.List.of(Map.of("field", field, "rule", "invalid-value",
                "message", field + " is not valid")));
        return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    @ExceptionHandler({DataAccessException.class, TransactionException.class})
    ResponseEntity<ProblemDetail> unavailable(RuntimeException e) {
        log.warn("saved-filter request failed, database unavailable: {}", e.toString());
        return Problems.databaseUnavailable(AREA);
    }
}
