package org.opensafeguarding.engine.store;

/**
 * The commit itself failed: the connection may have been cut after PostgreSQL committed but before the answer
 * arrived, so the batch may be on disk. Unlike a failure before the commit (nothing written for sure), whoever
 * called must find out from the store which it was before telling anyone the batch was refused.
 */
public class CommitOutcomeUnknown extends IllegalStateException {

    public CommitOutcomeUnknown(String message, Throwable cause) {
        super(message, cause);
    }
}
