package org.opensafeguarding.calendar;

/** Whether a timescale is a limit the stop must beat, or a minimum period that must have passed. */
public enum TimescaleKind {
    /** The stop event must happen before the deadline (most timescales). */
    WITHIN,
    /** The stop event must not happen before the period has passed (notice periods, time on a website). */
    AT_LEAST
}
