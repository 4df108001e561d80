package org.opensafeguarding.workflow.cases;

import org.opensafeguarding.workflow.web.Problems;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.TransactionException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import java.util.List;
import java.util.Map;

/** Problem JSON for the case API; refusals by need-to-know are answered by the access module's handler first. */
@RestControllerAdvice(assignableTypes = CaseController.class)
class CaseProblemHandler {

    private static final String AREA = "case";
    private static final Logger log = LoggerFactory.getLogger(CaseProblemHandler.class);

    @ExceptionHandler(CaseProblem.class)
    ResponseEntity<ProblemDetail> problem(CaseProblem e) {
        ProblemDetail body = Problems.problem(AREA, e.status(), e.code(), e.getMessage());
        if (e.field() != null) {
            body.setProperty("errors", List.of(Map.of("field", e.field(), "rule", "format", "message", e.getMessage())));
        }
        ResponseEntity.BodyBuilder response = ResponseEntity.status(e.status())
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
        if (e.status() == HttpStatus.SERVICE_UNAVAILABLE) {
            response.header(HttpHeaders.RETRY_AFTER, "5");
        }
        return response.body(body);
    }

    @ExceptionHandler({DataAccessException.class, TransactionException.class})
    ResponseEntity<ProblemDetail> unavailable(RuntimeException e) {
        log.warn("case request failed, database unavailable: {}", e.toString());
        return Problems.databaseUnavailable(AREA);
    }
}
