package org.opensafeguarding.engine.feel;

/** An expression that could not be evaluated; becomes an incident, with this message, at the element. */
public class ExpressionException extends RuntimeException {
    private final String errorType;

    public ExpressionException(String errorType, String message) {
        super(message);
        this.errorType = errorType;
    }

    /** Camunda's incident error type (EXTRACT_VALUE_ERROR, CONDITION_ERROR, ...). */
    public String errorType() {
        return errorType;
    }
}
