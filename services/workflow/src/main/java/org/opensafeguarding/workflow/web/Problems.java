package org.opensafeguarding.workflow.web;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

import java.net.URI;

/**
 * Problem JSON (RFC 9457) as the service's APIs answer it: a type URI per API area and code, and the code again as
 * a property so clients can switch on it without parsing the URI.
 */
public final class Problems {

    private Problems() {
    }

    /** @param area the API's part of the type URI, e.g. {@code task} */
    public static ProblemDetail problem(String area, HttpStatus status, String code, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create("https://opensafeguarding.org/problems/" + area + "/" + code));
        problem.setTitle(status.getReasonPhrase());
        problem.setProperty("code", code);
        return problem;
    }

    /**
     * The answer when the database is away: the request changed nothing and can simply be sent again, which a 503
     * with Retry-After tells both people and retrying clients.
     */
    public static ResponseEntity<ProblemDetail> databaseUnavailable(String area) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "5")
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem(area, HttpStatus.SERVICE_UNAVAILABLE, "database-unavailable",
                        "Nothing was changed; send the request again later."));
    }
}
