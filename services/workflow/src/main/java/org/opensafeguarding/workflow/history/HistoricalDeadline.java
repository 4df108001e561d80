package org.opensafeguarding.workflow.history;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;

/**
 * A statutory deadline of an imported case, judged from the row's own dates with the same calendar as a live case
 * (DeadlinePlanner): due on the last day on time, met when the step happened on or before it.
 *
 * @param due      the first late instant (what a live case's timer would have fired at)
 * @param dueOn    the last day on time, as events carry it
 * @param stoppedOn the day the step happened
 */
record HistoricalDeadline(String timescaleId, Instant clockStart, ZonedDateTime due, LocalDate dueOn,
                          LocalDate stoppedOn, boolean met) {

    /** The day a live case would have recorded the breach: its first late day. */
    LocalDate breachedOn() {
        return dueOn.plusDays(1);
    }
}
