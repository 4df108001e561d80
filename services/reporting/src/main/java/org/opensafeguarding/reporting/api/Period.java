package org.opensafeguarding.reporting.api;

import java.time.LocalDate;
import java.time.MonthDay;

/** A reporting period, both ends inclusive; by default the financial year (1 April to 31 March) containing today. */
public record Period(LocalDate from, LocalDate to) {

    public static Period resolve(LocalDate from, LocalDate to, Integer year, MonthDay yearStart, LocalDate today) {
        if (year != null) {
            if (from != null || to != null) {
                throw ReportingProblem.invalid("year", "exclusive", "Give either year or from/to, not both.");
            }
            LocalDate start = yearStart.atYear(year);
            return new Period(start, start.plusYears(1).minusDays(1));
        }
        if (from == null && to == null) {
            LocalDate start = yearStart.atYear(today.getYear());
            if (start.isAfter(today)) {
                start = start.minusYears(1);
            }
            return new Period(start, start.plusYears(1).minusDays(1));
        }
        if (from == null || to == null) {
            throw ReportingProblem.invalid(from == null ? "from" : "to", "required", "Give both from and to.");
        }
        if (to.isBefore(from)) {
            throw ReportingProblem.invalid("to", "on-or-after-from", "to must not be before from.");
        }
        if (to.isAfter(from.plusYears(20))) {
            throw ReportingProblem.invalid("to", "max-span", "A period spans at most 20 years.");
        }
        return new Period(from, to);
    }
}
