package org.opensafeguarding.workflow.audit;

import org.opensafeguarding.workflow.web.Problems;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.TransactionException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** RFC 9457 problem documents for the auditor API; a bad parameter is named, its value never echoed. */
@RestControllerAdvice(assignableTypes = AuditTrailController.class)
class AuditProblemHandler {

    static final String AREA = "audit";

    private static final Logger log = LoggerFactory.getLogger(AuditProblemHandler.class);

    @ExceptionHandler(AuditRequestException.class)
    ResponseEntity<ProblemDetail> refused(AuditRequestException e) {
        ProblemDetail problem = Problems.problem(AREA, e.status(), e.code(), e.getMessage());
        if (e.parameter() != null) {
            problem.setProperty("parameter", e.parameter());
        }
        return ResponseEntity.status(e.status()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    @ExceptionHandler({DataAccessException.class, TransactionException.class})
    ResponseEntity<ProblemDetail> unavailable(RuntimeException e) {
        log.warn("audit trail request failed, database unavailable: {}", e.toString());
        return Problems.databaseUnavailable(AREA);
    }
}
