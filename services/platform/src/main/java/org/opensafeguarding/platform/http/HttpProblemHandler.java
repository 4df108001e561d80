package org.opensafeguarding.platform.http;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.transaction.TransactionException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.ServletRequestBindingException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.context.request.async.AsyncRequestTimeoutException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;

import java.util.stream.Collectors;

/**
 * The one answer of both services to what no API handles itself: Spring MVC's own refusals (405, 406, 415, 404 for
 * a path nothing serves, 400 for an unreadable body or a parameter of the wrong type, ...), the database being away
 * (503 with Retry-After: nothing was changed) and anything unexpected (500). All are problem JSON; none repeats a
 * submitted value, and a 500 says nothing about the code that failed. Last in order, so an API's own handler wins.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
public class HttpProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(HttpProblemHandler.class);

    /** Database or transaction failure outside an API that answers it itself: nothing was stored, send it again. */
    @ExceptionHandler({DataAccessException.class, TransactionException.class})
    ResponseEntity<Object> unavailable(RuntimeException e) {
        // the class only: a database error's message can quote the row, and with it personal data
        log.warn("request failed, database unavailable: {}", e.getClass().getSimpleName());
        return HttpProblems.response(HttpProblems.problem(HttpStatus.SERVICE_UNAVAILABLE, "database-unavailable",
                "Nothing was changed; send the request again later."), null);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception e) throws Exception {
        if (e.getClass().getName().startsWith("org.springframework.security.")) {
            throw e; // the security filter chain answers these (401/403, problem JSON)
        }
        ResponseStatus declared = AnnotatedElementUtils.findMergedAnnotation(e.getClass(), ResponseStatus.class);
        if (declared != null) {
            HttpStatusCode status = declared.code();
            return HttpProblems.response(HttpProblems.problem(status, code(status), genericDetail(status)), null);
        }
        if (e instanceof ErrorResponse answered) {
            return HttpProblems.response(HttpProblems.problem(answered.getStatusCode(), code(answered.getStatusCode()),
                    genericDetail(answered.getStatusCode())), answered.getHeaders());
        }
        StackTraceElement where = e.getStackTrace().length > 0 ? e.getStackTrace()[0] : null;
        // the class and where it was thrown, never the message: it may carry what was submitted
        log.error("request failed unexpectedly: {} at {}", e.getClass().getName(), where);
        return HttpProblems.response(HttpProblems.problem(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error",
                "The request failed on our side; it may or may not have been applied. Ask the service's operators, "
                        + "quoting the time of the request."), null);
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
                                                             HttpStatusCode status, WebRequest request) {
        return HttpProblems.response(problemFor(ex, status), headers);
    }

    static ProblemDetail problemFor(Exception ex, HttpStatusCode status) {
        if (ex instanceof HttpMediaTypeNotSupportedException e) {
            String accepted = types(e.getSupportedMediaTypes());
            return HttpProblems.problem(status, "unsupported-media-type", accepted.isEmpty()
                    ? "This endpoint does not take a body of this media type."
                    : "This endpoint takes a body of media type " + accepted + " (Content-Type).");
        }
        if (ex instanceof HttpMediaTypeNotAcceptableException e) {
            String produced = types(e.getSupportedMediaTypes());
            return HttpProblems.problem(status, "not-acceptable", produced.isEmpty()
                    ? "This endpoint cannot answer in a media type the request accepts."
                    : "This endpoint answers in " + produced + " (Accept).");
        }
        if (ex instanceof HttpRequestMethodNotSupportedException e) {
            String allowed = e.getSupportedHttpMethods() == null ? ""
                    : e.getSupportedHttpMethods().stream().map(Object::toString).sorted().collect(Collectors.joining(", "));
            return HttpProblems.problem(status, "method-not-allowed", "This path does not take " + e.getMethod()
                    + (allowed.isEmpty() ? "." : "; it takes " + allowed + " (Allow)."));
        }
        if (ex instanceof NoResourceFoundException || ex instanceof NoHandlerFoundException) {
            return HttpProblems.problem(status, "not-found", "There is nothing at this path (see the OpenAPI "
                    + "document, /v3/api-docs).");
        }
        if (ex instanceof HttpMessageNotReadableException) {
            return HttpProblems.fieldProblem(status, "invalid-request", "", "readable",
                    "The request body is missing or is not readable JSON of the expected shape.");
        }
        if (ex instanceof TypeMismatchException e) {
            String name = e.getPropertyName() == null ? "parameter" : e.getPropertyName();
            String type = e.getRequiredType() == null ? "of another type" : describe(e.getRequiredType());
            return HttpProblems.fieldProblem(status, "invalid-request", name, "type", name + " must be " + type + ".");
        }
        if (ex instanceof MissingServletRequestParameterException e) {
            return HttpProblems.fieldProblem(status, "invalid-request", e.getParameterName(), "required",
                    "The query parameter " + e.getParameterName() + " is required.");
        }
        if (ex instanceof MissingRequestHeaderException e) {
            return HttpProblems.fieldProblem(status, "invalid-request", e.getHeaderName(), "required",
                    "The header " + e.getHeaderName() + " is required.");
        }
        if (ex instanceof ServletRequestBindingException) {
            return HttpProblems.problem(status, "invalid-request", "The request lacks a parameter or header this "
                    + "endpoint needs.");
        }
        if (ex instanceof MaxUploadSizeExceededException) {
            return HttpProblems.problem(status, "body-too-large", "The request body is larger than the limit.");
        }
        if (ex instanceof AsyncRequestTimeoutException) {
            return HttpProblems.problem(status, "timeout", "The answer took too long; send the request again later.");
        }
        return HttpProblems.problem(status, code(status), genericDetail(status));
    }

    static String code(HttpStatusCode status) {
        return switch (status.value()) {
            case 400 -> "invalid-request";
            case 401 -> "unauthenticated";
            case 403 -> "forbidden";
            case 404 -> "not-found";
            case 405 -> "method-not-allowed";
            case 406 -> "not-acceptable";
            case 413 -> "body-too-large";
            case 415 -> "unsupported-media-type";
            case 503 -> "unavailable";
            default -> status.is5xxServerError() ? "internal-error" : "http-" + status.value();
        };
    }

    static String genericDetail(HttpStatusCode status) {
        return status.is5xxServerError() ? "The request could not be handled on our side."
                : "The request could not be handled: " + HttpProblems.title(status) + ".";
    }

    private static String types(java.util.List<MediaType> types) {
        return types.stream().map(MediaType::toString).collect(Collectors.joining(", "));
    }

    /** In words a client can act on, not a Java class name. */
    private static String describe(Class<?> type) {
        if (type == long.class || type == Long.class || type == int.class || type == Integer.class) {
            return "a whole number (digits only)";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type.getName().equals("java.util.UUID")) {
            return "a UUID";
        }
        if (type.isEnum()) {
            return "one of " + java.util.Arrays.stream(type.getEnumConstants()).map(Object::toString)
                    .collect(Collectors.joining(", "));
        }
        return "of the documented type";
    }
}
