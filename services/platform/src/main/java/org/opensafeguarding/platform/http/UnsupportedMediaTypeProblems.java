package org.opensafeguarding.platform.http;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import java.net.URI;
import java.util.stream.Collectors;

/**
 * A body of a media type the endpoint does not take is answered 415 as problem JSON ({@code unsupported-media-type})
 * naming the types it does take, like every other refusal, instead of the container's error page. Last in order, so
 * an API's own handler wins where it has one.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
public class UnsupportedMediaTypeProblems {

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<ProblemDetail> unsupported(HttpMediaTypeNotSupportedException e) {
        String accepted = e.getSupportedMediaTypes().stream().map(MediaType::toString).collect(Collectors.joining(", "));
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                accepted.isEmpty() ? "This endpoint does not take a body of this media type."
                        : "This endpoint takes a body of media type " + accepted + " (Content-Type).");
        problem.setType(URI.create(RequestLimitsFilter.PROBLEM_BASE + "unsupported-media-type"));
        problem.setTitle(HttpStatus.UNSUPPORTED_MEDIA_TYPE.getReasonPhrase());
        problem.setProperty("code", "unsupported-media-type");
        ResponseEntity.BodyBuilder response = ResponseEntity.status(HttpStatus.UNSUPPORTED_MEDIA_TYPE)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
        if (!e.getSupportedMediaTypes().isEmpty()) {
            response.header(HttpHeaders.ACCEPT, accepted);
        }
        return response.body(problem);
    }
}
