package org.opensafeguarding.engine.state;

/** The names are what engine_record stores and what Camunda's process instance search shows. */
public enum ProcessInstanceState {
    ACTIVE,
    COMPLETED,
    TERMINATED
}
