package org.opensafeguarding.engine.state;

/** A job's lifecycle; the names are what engine_record stores and what Camunda's APIs show. */
public enum JobState {
    /** Waiting for a worker (activatable). */
    CREATED,
    ACTIVATED,
    /** Failed: without retries it has an incident, with retries it is backing off until {@code retryAt}. */
    FAILED,
    COMPLETED,
    ERROR_THROWN,
    CANCELED
}
