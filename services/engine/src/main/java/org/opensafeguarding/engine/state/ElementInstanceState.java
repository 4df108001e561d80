package org.opensafeguarding.engine.state;

/** The names are what engine_record stores and what Camunda's element instance search shows. */
public enum ElementInstanceState {
    ACTIVE,
    COMPLETED,
    TERMINATED
}
