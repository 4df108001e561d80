package org.opensafeguarding.workflow.trayfilters;

import org.springframework.http.HttpStatus;

import java.util.List;

/** A saved-filter request refused: its status, code and, for invalid bodies, each field with the rule it broke. */
class FilterRejected extends RuntimeException {

    record FieldError(String field, String rule, String message) {
    }

    private final HttpStatus status;
    private final String code;
    private final List<FieldError> errors;

    FilterRejected(HttpStatus status, String code, String message, List<FieldError> errors) {
        super(message);
        this.status = status;
        this.code = code;
        this.errors = List.copyOf(errors);
    }

    static FilterRejected invalid(List<FieldError> errors) {
        StringBuilder text = new StringBuilder("The filter is not valid: ");
        for (int i = 0; i < errors.size(); i++) {
            text.append(i == 0 ? "" : "; ").append(errors.get(i).message());
        }
        return new FilterRejected(HttpStatus.BAD_REQUEST, "filter-invalid", text.toString(), errors);
    }

    HttpStatus status() {
        return status;
    }

    String code() {
        return code;
    }

    List<FieldError> errors() {
        return errors;
    }
}
