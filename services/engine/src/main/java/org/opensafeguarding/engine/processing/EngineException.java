package org.opensafeguarding.engine.processing;

/** A rejected command; the REST adapter turns the reason into Camunda's HTTP status. */
public class EngineException extends RuntimeException {

    public enum Reason { INVALID_ARGUMENT, NOT_FOUND, INVALID_STATE, ALREADY_EXISTS, DEADLINE_EXCEEDED }

    private final Reason reason;

    public EngineException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    public static EngineException notFound(String message) {
        return new EngineException(Reason.NOT_FOUND, message);
    }

    public static EngineException invalid(String message) {
        return new EngineException(Reason.INVALID_ARGUMENT, message);
    }

    public static EngineException invalidState(String message) {
        return new EngineException(Reason.INVALID_STATE, message);
    }
}
