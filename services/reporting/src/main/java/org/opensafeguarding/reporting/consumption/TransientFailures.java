package org.opensafeguarding.reporting.consumption;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Set;

/**
 * Tells a failure that will pass (the database away, a lock or serialization conflict) from one that will not (a
 * constraint, a bug): the first is retried until it passes, the second parks the record so the partition moves on.
 */
public final class TransientFailures {

    // SQLSTATE classes: connection exception, transaction rollback (deadlock, serialization), insufficient
    // resources, operator intervention (shutdown); and lock_not_available
    private static final Set<String> TRANSIENT_CLASSES = Set.of("08", "40", "53", "57");

    private TransientFailures() {
    }

    public static boolean isTransient(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof TransientDataAccessException || t instanceof RecoverableDataAccessException
                    || t instanceof DataAccessResourceFailureException || t instanceof CannotCreateTransactionException
                    || t instanceof SQLTransientException || t instanceof SQLRecoverableException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().length() == 5) {
                String state = sql.getSQLState();
                if (TRANSIENT_CLASSES.contains(state.substring(0, 2)) || state.equals("55P03")) {
                    return true;
                }
            }
        }
        return false;
    }
}
