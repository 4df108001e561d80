package org.opensafeguarding.engine.state;

/** The names are what engine_record stores and what Camunda's message subscription search shows. */
public enum MessageSubscriptionState {
    /** Open: waiting for a message. */
    CREATED,
    CORRELATED,
    DELETED
}
