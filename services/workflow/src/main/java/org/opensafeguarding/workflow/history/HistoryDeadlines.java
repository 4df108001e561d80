package org.opensafeguarding.workflow.history;

import org.opensafeguarding.calendar.DeadlineCalculator;
import org.opensafeguarding.workflow.casefile.InvalidCaseDataException;
import org.opensafeguarding.workflow.deadlines.DeadlinePlanner;
import org.opensafeguarding.workflow.tenancy.TenantConfig;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Judges a row's deadlines with the planner a live case's {@code deadline.compute} uses, tenant overrides included. */
final class HistoryDeadlines {

    private static final String CLOCK_START = "clockStart";

    private final DeadlinePlanner planner = new DeadlinePlanner(DeadlineCalculator.englandAndWales());

    /**
     * @param start the clock start day (the timescale runs from its beginning, London time)
     * @param stop  the day the step happened; without both days nothing is judged
     */
    Optional<HistoricalDeadline> judge(RowReader row, Column stopColumn, String timescaleId, LocalDate start,
                                       LocalDate stop, TenantConfig tenant, Instant now) {
        if (start == null || stop == null) {
            return Optional.empty();
        }
        DeadlinePlanner.Planned planned;
        try {
            planned = planner.plan(new DeadlinePlanner.Request(List.of(timescaleId), CLOCK_START, Map.of(), null, Map.of(), Map.of()),
                    tenant, Map.of(CLOCK_START, start.toString()), now).get(0);
        } catch (InvalidCaseDataException e) {
            row.fault(stopColumn.name(), "deadline", "Deadline " + timescaleId + " cannot be computed from this row's "
                    + "dates (outside the working-day calendar's bank-holiday data).");
            return Optional.empty();
        }
        return Optional.of(new HistoricalDeadline(timescaleId, planned.clockStart(), planned.due(), planned.dueOn(),
                stop, !stop.isAfter(planned.dueOn())));
    }
}
