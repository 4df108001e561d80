package org.opensafeguarding.workflow.intake;

import org.opensafeguarding.workflow.web.Problems;
import org.opensafeguarding.workflow.failure.Failures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.TransactionException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import java.net.URI;
import java.util.List;
import java.util.Map;

/** RFC 9457 problem documents for the referral API: the field, the rule, and never the submitted value. */
@RestControllerAdvice(assignableTypes = {ReferralController.class, QuarantineController.class})
class IntakeProblemHandler {

    private static final Logger log = LoggerFactory.getLogger(IntakeProblemHandler.class);

    private final ReferralValidator validator;

    IntakeProblemHandler(ReferralValidator validator) {
        this.validator = validator;
    }

    @ExceptionHandler(ReferralRejectedException.class)
    ProblemDetail rejected(ReferralRejectedException e) {
        HttpStatus status = switch (e.reason()) {
            case TOO_LARGE -> HttpStatus.PAYLOAD_TOO_LARGE;
            case ID_CONFLICT -> HttpStatus.CONFLICT;
            // nothing was stored and the refusal was audited; the detail names the field and rule, not the value
            case NOT_AUTHORISED -> HttpStatus.FORBIDDEN;
            // valid, but this service cannot store it: a 4xx that is not "fix your request", and not 503 "try again"
            case STORAGE_REFUSED, PROCESSING_FAILED -> HttpStatus.UNPROCESSABLE_ENTITY;
            default -> HttpStatus.BAD_REQUEST;
        };
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, e.getMessage());
        problem.setType(URI.create("https://opensafeguarding.org/problems/referral/" + e.reason().code()));
        problem.setTitle("Referral rejected: " + e.reason().code());
        problem.setProperty("code", e.reason().code());
        problem.setProperty("reason", e.reason().code());
        problem.setProperty("field", e.field());
        problem.setProperty("rule", e.rule());
        List<Map<String, String>> errors = validator.allViolations(e).stream()
                .map(v -> Map.of("field", v.field(), "rule", v.rule(), "message", v.message()))
                .toList();
        problem.setProperty("errors", errors);
        if (e instanceof QuarantinedReferralException quarantined) {
            problem.setProperty("quarantineId", quarantined.quarantineId().toString());
        }
        return problem;
    }

    @ExceptionHandler(QuarantineController.QueryProblem.class)
    ProblemDetail badQuery(QuarantineController.QueryProblem e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
        problem.setType(URI.create("https://opensafeguarding.org/problems/quarantine/invalid-request"));
        problem.setTitle(HttpStatus.BAD_REQUEST.getReasonPhrase());
        problem.setProperty("code", "invalid-request");
        problem.setProperty("errors", List.of(Map.of("field", e.parameter, "rule", e.rule, "message", e.getMessage())));
        return problem;
    }

    /** Database unavailable: nothing was stored, and the same request can simply be sent again. */
    @ExceptionHandler({DataAccessException.class, TransactionException.class, ReferralNotStoredException.class})
    ResponseEntity<ProblemDetail> unavailable(RuntimeException e) {
        log.warn("referral not stored, database unavailable: {}", e instanceof ReferralNotStoredException n
                ? n.failure() : Failures.classify(e));
        ProblemDetail problem = Problems.problem("referral", HttpStatus.SERVICE_UNAVAILABLE, "database-unavailable",
                "The referral could not be stored right now and nothing was saved; send it again later.");
        problem.setTitle("Temporarily unavailable");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "5")
                .contentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
