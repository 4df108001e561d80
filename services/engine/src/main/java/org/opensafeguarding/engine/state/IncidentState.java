package org.opensafeguarding.engine.state;

/** The names are what engine_record stores and what Camunda's incident search shows. */
public enum IncidentState {
    ACTIVE,
    RESOLVED
}
