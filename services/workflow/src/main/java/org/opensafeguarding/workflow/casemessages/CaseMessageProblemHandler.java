package org.opensafeguarding.workflow.casemessages;

import org.opensafeguarding.workflow.tasklist.TasklistException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.opensafeguarding.workflow.web.Problems;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.transaction.TransactionException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import java.util.List;
import java.util.Map;

/** RFC 9457 problem documents for the case-messages API; they name cases, messages, fields and rules, never values. */
@RestControllerAdvice(assignableTypes = CaseMessageController.class)
class CaseMessageProblemHandler {

    private static final String AREA = "case-message";

    private static final Logger log = LoggerFactory.getLogger(CaseMessageProblemHandler.class);

    @ExceptionHandler(CaseMessageException.class)
    ResponseEntity<ProblemDetail> refused(CaseMessageException e) {
        ProblemDetail problem = problem(e.status(), e.code(), e.getMessage());
        if (!e.violations().isEmpty()) {
            List<Map<String, String>> errors = e.violations().stream()
                    .map(v -> Map.of("field", v.field(), "rule", v.rule(), "message", v.message()))
                    .toList();
            problem.setProperty("errors", errors);
        }
        return ResponseEntity.status(e.status()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    /** The shared identity resolver's 401 (a machine token on a people-only API). */
    @ExceptionHandler(TasklistException.class)
    ResponseEntity<ProblemDetail> identity(TasklistException e) {
        return ResponseEntity.status(e.status()).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem(e.status(), e.code(), e.getMessage()));
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ProblemDetail> unreadable(HttpMessageNotReadableException e) {
        return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem(HttpStatus.BAD_REQUEST, "invalid-json", "The body is not a valid JSON object"));
    }

    @ExceptionHandler({DataAccessException.class, TransactionException.class})
    ResponseEntity<ProblemDetail> unavailable(RuntimeException e) {
        log.warn("case message request failed, database unavailable: {}", e.toString());
        return Problems.databaseUnavailable(AREA);
    }

    private static ProblemDetail problem(HttpStatus status, String code, String detail) {
        return Problems.problem(AREA, status, code, detail);
    }
}
