package org.opensafeguarding.platform.http;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

import java.net.URI;
import java.util.Map;

/**
 * Problem JSON (RFC 9457) for refusals that belong to HTTP itself rather than to one API: the same members as the
 * APIs' own problems ({@code type}, {@code title}, {@code status}, {@code detail}, {@code code}, and {@code field}
 * and {@code rule} where a parameter or the body is at fault), under {@value RequestLimitsFilter#PROBLEM_BASE}.
 */
public final class HttpProblems {

    private HttpProblems() {
    }

    public static ProblemDetail problem(HttpStatusCode status, String code, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(RequestLimitsFilter.PROBLEM_BASE + code));
        problem.setTitle(title(status));
        problem.setProperty("code", code);
        return problem;
    }

    /** A problem about one named parameter, header or the body ({@code field}) and the rule it broke. */
    public static ProblemDetail fieldProblem(HttpStatusCode status, String code, String field, String rule,
                                             String detail) {
        ProblemDetail problem = problem(status, code, detail);
        problem.setProperty("field", field);
        problem.setProperty("rule", rule);
        problem.setProperty("errors", java.util.List.of(Map.of("field", field, "rule", rule, "message", detail)));
        return problem;
    }

    public static ResponseEntity<Object> response(ProblemDetail problem, HttpHeaders headers) {
        HttpHeaders out = new HttpHeaders();
        if (headers != null) {
            out.putAll(headers);
        }
        // preset, so the problem is written as problem JSON whatever the request's Accept asked for
        out.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        if (problem.getStatus() == HttpStatus.SERVICE_UNAVAILABLE.value() && !out.containsKey(HttpHeaders.RETRY_AFTER)) {
            out.set(HttpHeaders.RETRY_AFTER, "5");
        }
        return new ResponseEntity<>(problem, out, problem.getStatus());
    }

    /** The problem as its JSON members, for writing without Spring's ProblemDetail mix-in (in a filter). */
    static Map<String, Object> members(ProblemDetail problem) {
        Map<String, Object> members = new java.util.LinkedHashMap<>();
        members.put("type", problem.getType().toString());
        members.put("title", problem.getTitle());
        members.put("status", problem.getStatus());
        members.put("detail", problem.getDetail());
        if (problem.getProperties() != null) {
            members.putAll(problem.getProperties());
        }
        return members;
    }

    static String title(HttpStatusCode status) {
        HttpStatus known = HttpStatus.resolve(status.value());
        return known == null ? "Error " + status.value() : known.getReasonPhrase();
    }
}
