package org.opensafeguarding.reporting.projection;

import org.opensafeguarding.calendar.WorkingDayCalendar;
import org.springframework.stereotype.Component;

import java.time.LocalDate;

/** Working days between two days, or null when the calendar does not cover them (no guessing at holidays). */
@Component
public class WorkingDays {

    private final WorkingDayCalendar calendar;

    public WorkingDays(WorkingDayCalendar calendar) {
        this.calendar = calendar;
    }

    public Integer between(LocalDate from, LocalDate to) {
        if (from == null || to == null || !calendar.supports(from) || !calendar.supports(to)) {
            return null;
        }
        return calendar.workingDaysBetween(from, to);
    }

    public WorkingDayCalendar calendar() {
        return calendar;
    }
}
