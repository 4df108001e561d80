package org.opensafeguarding.calendar;

import java.time.LocalDate;

/**
 * A working-day question was asked about a date for which no bank-holiday data is loaded. Answering
 * anyway would silently treat an unknown bank holiday as a working day and move a statutory deadline.
 */
public class DateOutOfCalendarRangeException extends IllegalArgumentException {

    private final LocalDate date;

    public DateOutOfCalendarRangeException(LocalDate date, LocalDate first, LocalDate last, String source) {
        super(date + " is outside the England and Wales bank-holiday data loaded from " + source
                + " (" + first + " to " + last + "). Working days cannot be counted without knowing the bank"
                + " holidays, so this calendar refuses rather than guesses; load a newer bank-holidays file"
                + " (see services/calendar/README.md).");
        this.date = date;
    }

    public LocalDate date() {
        return date;
    }
}
