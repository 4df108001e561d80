package org.opensafeguarding.workflow.failure;

import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.TransactionTimedOutException;

import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeoutException;

/**
 * Tells a failure retrying can fix from one it cannot, and describes either without the database's words.
 *
 * <p>The SQLState decides first when there is one (PostgreSQL's own verdict on what went wrong); then the exception
 * types that mean "unreachable, busy or timed out"; then anything else from the database, the transaction manager,
 * the broker or the engine is presumed transient, so that it is waited out (and shows as a stuck partition in
 * health) rather than a good referral being parked. What remains is our own code failing on one input: a bug, which
 * the next attempt would meet again.
 */
public final class Failures {

    /** SQLState classes that are about the data or the statement, never about the server's state. */
    private static final Set<String> PERMANENT_CLASSES = Set.of(
            "22", // data exception (22P05: an escaped NUL in text or jsonb, 22001: value too long, 22007: bad datetime, ...)
            "23", // integrity constraint violation (unique, foreign key, check, not null)
            "42", // syntax error or access rule violation in our own SQL (undefined column, ...)
            "21", // cardinality violation
            "44", // with check option violation
            "54", // program limit exceeded (a row or an index entry too large)
            "0A", // feature not supported
            "P0"); // raised by a PL/pgSQL function or trigger
    /** Permanent states inside otherwise transient classes. */
    private static final Set<String> PERMANENT_STATES = Set.of("40002"); // deferred constraint failed at commit
    private static final Set<String> TRANSIENT_CLASSES = Set.of(
            "08", // connection exception
            "53", // insufficient resources (too many connections, out of memory, disk full)
            "57", // operator intervention (57014 statement timeout or cancel, 57P01-57P03 shutdown, cannot connect now)
            "58"); // system error (I/O)
    private static final Set<String> TRANSIENT_STATES = Set.of(
            "40001", // serialization failure
            "40P01", // deadlock
            "55P03", // lock not available (lock_timeout)
            "55006"); // object in use

    private Failures() {
    }

    public static Failure classify(Throwable error) {
        SQLException sql = sqlWithState(error);
        String state = sql == null ? null : sql.getSQLState();
        String type = (sql != null ? sql : innermost(error)).getClass().getSimpleName();
        if (state != null && state.length() == 5) {
            String stateClass = state.substring(0, 2);
            if (PERMANENT_STATES.contains(state) || PERMANENT_CLASSES.contains(stateClass)) {
                return new Failure(Failure.Kind.STORAGE_REFUSED, state, type);
            }
            if (TRANSIENT_STATES.contains(state) || TRANSIENT_CLASSES.contains(stateClass)) {
                return new Failure(Failure.Kind.TRANSIENT, state, type);
            }
        }
        if (hasTransientType(error) || state != null || fromInfrastructure(error)) {
            return new Failure(Failure.Kind.TRANSIENT, state, type);
        }
        return new Failure(Failure.Kind.PROCESSING_FAILED, null, type);
    }

    /**
     * The exception chain for a log line or a stored error: {@code IllegalStateException: could not write <-
     * DataAccessResourceFailureException <- PSQLException[08006]}. No messages at all when the chain holds a database
     * exception (the server's message and detail quote the refused values, and wrappers repeat them); otherwise the
     * messages of our own and the clients' exceptions, cut to 200 characters.
     */
    public static String describe(Throwable error) {
        boolean database = isDatabase(error);
        StringBuilder out = new StringBuilder();
        int depth = 0;
        for (Throwable t = error; t != null && depth < 6; t = next(t), depth++) {
            if (depth > 0) {
                out.append(" <- ");
            }
            out.append(t.getClass().getSimpleName());
            if (t instanceof SQLException s && s.getSQLState() != null) {
                out.append('[').append(s.getSQLState()).append(']');
            }
            if (!database && t.getMessage() != null) {
                String message = t.getMessage();
                out.append(": ").append(message.length() > 200 ? message.substring(0, 200) + "..." : message);
            }
        }
        return out.toString();
    }

    /** Whether the chain holds a database exception, whose messages must not be repeated. */
    public static boolean isDatabase(Throwable error) {
        for (Throwable t : chain(error)) {
            if (t instanceof SQLException || t instanceof DataAccessException) {
                return true;
            }
        }
        return false;
    }

    private static SQLException sqlWithState(Throwable error) {
        for (Throwable t : chain(error)) {
            if (t instanceof SQLException s && s.getSQLState() != null) {
                return s;
            }
        }
        return null;
    }

    private static boolean hasTransientType(Throwable error) {
        for (Throwable t : chain(error)) {
            if (t instanceof TransientDataAccessException || t instanceof RecoverableDataAccessException
                    || t instanceof DataAccessResourceFailureException // CannotGetJdbcConnectionException among them
                    || t instanceof TransactionTimedOutException || t instanceof CannotCreateTransactionException
                    || t instanceof SQLTransientException || t instanceof SQLRecoverableException
                    || t instanceof IOException || t instanceof TimeoutException || t instanceof InterruptedException) {
                return true;
            }
        }
        return false;
    }

    /** The database, the transaction manager, the broker or the engine client: presumed to be their trouble, not ours. */
    private static boolean fromInfrastructure(Throwable error) {
        for (Throwable t : chain(error)) {
            String name = t.getClass().getName();
            if (t instanceof SQLException || t instanceof TransactionException
                    || (t instanceof DataAccessException && !isOurMistake(t))
                    || name.startsWith("org.apache.kafka.") || name.startsWith("io.camunda.")
                    || name.startsWith("io.grpc.")) {
                return true;
            }
        }
        return false;
    }

    /** Data access exceptions that report how our code used the result, not the database's state. */
    private static boolean isOurMistake(Throwable t) {
        return t instanceof org.springframework.dao.IncorrectResultSizeDataAccessException
                || t instanceof org.springframework.dao.TypeMismatchDataAccessException
                || t instanceof org.springframework.dao.InvalidDataAccessApiUsageException;
    }

    /** The first exception of this type in the error's cause chain, or null. */
    public static <T extends Throwable> T find(Throwable error, Class<T> type) {
        for (Throwable t : chain(error)) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    /** The last cause in the error's chain (the error itself when it has none). */
    public static Throwable innermost(Throwable error) {
        List<Throwable> chain = chain(error);
        return chain.get(chain.size() - 1);
    }

    /** The exception and its causes, at most 20 (a cause cycle must not hang a log line). */
    private static List<Throwable> chain(Throwable error) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable t = error; t != null && chain.size() < 20 && !chain.contains(t); t = next(t)) {
            chain.add(t);
        }
        return chain;
    }

    private static Throwable next(Throwable t) {
        Throwable cause = t.getCause();
        return cause == t ? null : cause;
    }
}
