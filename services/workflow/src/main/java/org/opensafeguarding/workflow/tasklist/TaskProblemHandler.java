package org.opensafeguarding.workflow.tasklist;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.opensafeguarding.workflow.web.Problems;
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
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

import java.util.List;
import java.util.Map;

/** RFC 9457 problem documents for the tasklist API; they name tasks, fields and rules, never submitted values. */
@RestControllerAdvice(assignableTypes = {TaskController.class, TaskDraftController.class})
class TaskProblemHandler {

    private static final String AREA = "task";

    private static final Logger log = LoggerFactory.getLogger(TaskProblemHandler.class);

    @ExceptionHandler(TasklistException.class)
    ResponseEntity<ProblemDetail> refused(TasklistException e) {
        ProblemDetail problem = problem(e.status(), e.code(), e.getMessage());
        if (e instanceof TasklistException.FormInvalid invalid) {
            List<Map<String, String>> errors = invalid.violations().stream()
                    .map(v -> Map.of("field", v.field(), "rule", v.rule(), "message", v.message()))
                    .toList();
            problem.setProperty("errors", errors);
        } else if (e instanceof TasklistException.QueryInvalid invalid) {
            problem.setProperty("errors", invalid.violations().stream()
                    .map(v -> Map.of("field", v.field(), "rule", v.rule(), "message", v.message())).toList());
        }
        ResponseEntity.BodyBuilder response = ResponseEntity.status(e.status()).contentType(MediaType.APPLICATION_PROBLEM_JSON);
        if (e.status() == HttpStatus.SERVICE_UNAVAILABLE) {
            response.header(HttpHeaders.RETRY_AFTER, "5");
        }
        return response.body(problem);
    }

    @ExceptionHandler({HttpMessageNotReadableException.class, MethodArgumentTypeMismatchException.class})
    ResponseEntity<ProblemDetail> unreadable(Exception e) {
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "invalid-request",
                e instanceof MethodArgumentTypeMismatchException m ? m.getName() + " is not valid"
                        : "The body is not valid JSON");
        return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    @ExceptionHandler({DataAccessException.class, TransactionException.class})
    ResponseEntity<ProblemDetail> unavailable(RuntimeException e) {
        log.warn("tasklist request failed, database unavailable: {}", e.toString());
        return Problems.databaseUnavailable(AREA);
    }

    private static ProblemDetail problem(HttpStatus status, String code, String detail) {
        return Problems.problem(AREA, status, code, detail);
    }
}
