package org.opensafeguarding.workflow.failure;

/**
 * What went wrong, as far as it may be told: the kind, the SQLState when the database said one, and the class of the
 * exception that carries the cause. Never a message, because the database's messages quote the rows they refused.
 *
 * @param sqlState       the PostgreSQL SQLState (e.g. {@code 22P05}), or null when the database said none
 * @param exceptionClass simple name of the exception that best names the cause (the one with the SQLState, else the
 *                       innermost)
 */
public record Failure(Kind kind, String sqlState, String exceptionClass) {

    public enum Kind {
        /** Retrying can fix it: the database, the engine or the broker is away, busy or timed out. */
        TRANSIENT("transient"),
        /** The database refused this data (class 22 data exception, 23 constraint, 42 our own SQL, ...). */
        STORAGE_REFUSED("storage-refused"),
        /** Our own code failed on this one input (a bug): the next attempt takes the same path. */
        PROCESSING_FAILED("processing-failed");

        private final String code;

        Kind(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    public boolean isTransient() {
        return kind == Kind.TRANSIENT;
    }

    /** The most specific code there is: the SQLState, else the exception class. */
    public String rule() {
        return sqlState != null ? sqlState : exceptionClass;
    }

    /** For log lines: {@code storage-refused PSQLException[22P05]}. */
    @Override
    public String toString() {
        return kind.code() + " " + exceptionClass + (sqlState == null ? "" : "[" + sqlState + "]");
    }
}
