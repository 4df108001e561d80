package org.opensafeguarding.engine.rest;

import java.net.URI;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.opensafeguarding.engine.processing.EngineException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.multipart.support.MissingServletRequestPartException;

/** Every error as RFC 7807 problem JSON with the status and title Camunda's gateway uses. */
@RestControllerAdvice(basePackages = "org.opensafeguarding.engine.rest")
class ProblemHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ProblemHandler.class);

    @ExceptionHandler({CompletionException.class, ExecutionException.class})
    ResponseEntity<ProblemDetail> wrapped(Exception e) {
        return answer(e);
    }

    /** The answer to a controller's future that failed (FutureAnswers), as for the same exception thrown. */
    ResponseEntity<ProblemDetail> answer(Throwable e) {
        Throwable cause = (e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null
                ? e.getCause() : e;
        if (cause instanceof EngineException engine) {
            return engine(engine);
        }
        return unexpected(cause);
    }

    @ExceptionHandler(EngineException.class)
    ResponseEntity<ProblemDetail> engine(EngineException e) {
        HttpStatus status = switch (e.reason()) {
            case INVALID_ARGUMENT -> HttpStatus.BAD_REQUEST;
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case INVALID_STATE, ALREADY_EXISTS -> HttpStatus.CONFLICT;
            case DEADLINE_EXCEEDED -> HttpStatus.GATEWAY_TIMEOUT;
            case UNAVAILABLE -> HttpStatus.SERVICE_UNAVAILABLE;
        };
        ResponseEntity<ProblemDetail> answer = problem(status, e.reason().name(), e.getMessage());
        if (e.retryAfterSeconds() > 0) {
            return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .header(HttpHeaders.RETRY_AFTER, String.valueOf(e.retryAfterSeconds())).body(answer.getBody());
        }
        return answer;
    }

    @ExceptionHandler({HttpMessageNotReadableException.class, MissingServletRequestPartException.class,
            MissingServletRequestParameterException.class, IllegalArgumentException.class})
    ResponseEntity<ProblemDetail> badRequest(Exception e) {
        return problem(HttpStatus.BAD_REQUEST, "INVALID_ARGUMENT", e.getMessage());
    }

    /**
     * A parked request (a job activation long poll) still open when the server stops, or past the servlet's async
     * timeout: not a fault of the engine, and the client simply polls again.
     */
    static ResponseEntity<ProblemDetail> parkedTooLong() {
        return problem(HttpStatus.SERVICE_UNAVAILABLE, "UNAVAILABLE", "the request timed out while waiting; send it again");
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Throwable e) {
        if (e instanceof java.util.concurrent.TimeoutException) {
            return problem(HttpStatus.GATEWAY_TIMEOUT, "DEADLINE_EXCEEDED", "the request timed out");
        }
        if (e instanceof IllegalArgumentException) {
            return problem(HttpStatus.BAD_REQUEST, "INVALID_ARGUMENT", e.getMessage());
        }
        LOG.error("unexpected engine error", e);
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, "INTERNAL", String.valueOf(e.getMessage()));
    }

    static ResponseEntity<ProblemDetail> problem(HttpStatus status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        problem.setType(URI.create("about:blank"));
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
