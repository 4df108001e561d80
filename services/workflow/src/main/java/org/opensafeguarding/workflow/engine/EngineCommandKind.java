package org.opensafeguarding.workflow.engine;

public enum EngineCommandKind {
    /** Create the case's process instance. */
    START,
    /** Publish a message to the case's running instance (a further referral named the case). */
    CORRELATE
}
