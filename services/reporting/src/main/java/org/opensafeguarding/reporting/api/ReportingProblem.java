package org.opensafeguarding.reporting.api;

import org.springframework.http.HttpStatus;

/** A refusal that names the field and the rule, never the value (which may be anything a caller typed). */
public class ReportingProblem extends RuntimeException {

    private final HttpStatus status;
    private final String code;
    private final String field;
    private final String rule;

    public ReportingProblem(HttpStatus status, String code, String field, String rule, String detail) {
        super(detail);
        this.status = status;
        this.code = code;
        this.field = field;
        this.rule = rule;
    }

    public static ReportingProblem invalid(String field, String rule, String detail) {
        return new ReportingProblem(HttpStatus.BAD_REQUEST, "invalid-parameter", field, rule, detail);
    }

    public static ReportingProblem forbidden(String field, String rule, String detail) {
        return new ReportingProblem(HttpStatus.FORBIDDEN, "not-authorised", field, rule, detail);
    }

    public HttpStatus status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String field() {
        return field;
    }

    public String rule() {
        return rule;
    }
}
