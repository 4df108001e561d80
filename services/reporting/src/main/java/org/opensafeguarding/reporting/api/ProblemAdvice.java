package org.opensafeguarding.reporting.api;

import org.opensafeguarding.reporting.rebuild.RebuildService;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

import java.net.URI;

/** RFC 9457 problem JSON naming the field and the rule, as the workflow service answers. */
@RestControllerAdvice
public class ProblemAdvice {

    @ExceptionHandler(ReportingProblem.class)
    ProblemDetail reporting(ReportingProblem p) {
        return problem(p.status(), p.code(), p.field(), p.rule(), p.getMessage());
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ProblemDetail mismatch(MethodArgumentTypeMismatchException e) {
        return problem(HttpStatus.BAD_REQUEST, "invalid-parameter", e.getName(), "format",
                "Parameter " + e.getName() + " is not a valid " + (e.getRequiredType() == null ? "value"
                        : e.getRequiredType().getSimpleName()) + ".");
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    ProblemDetail missing(MissingServletRequestParameterException e) {
        return problem(HttpStatus.BAD_REQUEST, "invalid-parameter", e.getParameterName(), "required",
                "Parameter " + e.getParameterName() + " is required.");
    }

    @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
    ProblemDetail notAcceptable(HttpMediaTypeNotAcceptableException e) {
        return problem(HttpStatus.NOT_ACCEPTABLE, "not-acceptable", "Accept", "media-type",
                "Tables are served as application/json or text/csv.");
    }

    @ExceptionHandler(RebuildService.RebuildAlreadyRunning.class)
    ProblemDetail running(RebuildService.RebuildAlreadyRunning e) {
        return problem(HttpStatus.CONFLICT, "rebuild-running", "", "one-rebuild-at-a-time", e.getMessage());
    }

    static ProblemDetail problem(HttpStatus status, String code, String field, String rule, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create("https://opensafeguarding.org/problems/reporting/" + code));
        problem.setProperty("code", code);
        problem.setProperty("field", field);
        problem.setProperty("rule", rule);
        return problem;
    }
}
