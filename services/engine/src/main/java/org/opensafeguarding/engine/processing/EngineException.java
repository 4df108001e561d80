package org.opensafeguarding.engine.processing;

/** A rejected command; the REST adapter turns the reason into Camunda's HTTP status. */
public class EngineException extends RuntimeException {

    /**
     * Why the command was refused. UNAVAILABLE: the engine could not commit and is reloading its state from the
     * store; the command changed nothing and may be sent again after {@link #retryAfterSeconds()}.
     */
    public enum Reason { INVALID_ARGUMENT, NOT_FOUND, INVALID_STATE, ALREADY_EXISTS, DEADLINE_EXCEEDED, UNAVAILABLE }

    private final Reason reason;
    private final long retryAfterSeconds;

    public EngineException(Reason reason, String message) {
        this(reason, message, 0);
    }

    private EngineException(Reason reason, String message, long retryAfterSeconds) {
        super(message);
        this.reason = reason;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public Reason reason() {
        return reason;
    }

    /** For UNAVAILABLE: when sending the command again is worth it (at least 1); 0 for every other reason. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
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

    public static EngineException unavailable(String message, long retryAfterSeconds) {
        return new EngineException(Reason.UNAVAILABLE, message, Math.max(1, retryAfterSeconds));
    }
}
