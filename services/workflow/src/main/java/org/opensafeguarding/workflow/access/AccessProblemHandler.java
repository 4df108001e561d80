package org.opensafeguarding.workflow.access;

import org.opensafeguarding.workflow.web.Problems;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Need-to-know refusals from any case API (tasks, case messages, access) as problem JSON; first, so an API's own
 * catch-all never turns a refusal into something else.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class AccessProblemHandler {

    @ExceptionHandler(CaseAccess.CaseAccessDenied.class)
    ResponseEntity<ProblemDetail> denied(CaseAccess.CaseAccessDenied e) {
        HttpStatus status = HttpStatus.valueOf(e.status());
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(Problems.problem("case", status, e.code(), e.getMessage()));
    }

    @ExceptionHandler(AccessProblem.class)
    ResponseEntity<ProblemDetail> problem(AccessProblem e) {
        ProblemDetail body = Problems.problem("case-access", e.status(), e.code(), e.getMessage());
        if (!e.errors().isEmpty()) {
            body.setProperty("errors", e.errors());
        }
        return ResponseEntity.status(e.status()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(body);
    }
}
