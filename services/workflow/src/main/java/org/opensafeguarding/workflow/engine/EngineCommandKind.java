package org.opensafeguarding.workflow.engine;

public enum EngineCommandKind {
    /** Create the case's process instance. */
    START,
    /** Publish a message to the case's running instance (a further referral named the case). */
    CORRELATE,
    /**
     * Publish a message named by the command (a step of one case starting another, e.g. {@code sin.candidate.raised});
     * the dedupe key doubles as the message id.
     */
    PUBLISH
}
