package org.opensafeguarding.calendar;

import java.time.LocalDate;
import java.util.Objects;

/**
 * One England and Wales bank holiday, in the shape of an event in GOV.UK's bank-holidays.json.
 *
 * @param date    the day that is actually taken off (for a substitute day, the substitute date)
 * @param title   the GOV.UK title, e.g. "Boxing Day"
 * @param notes   free text; GOV.UK writes "Substitute day" when the holiday is moved off a weekend
 * @param bunting GOV.UK's flag for a celebratory day; carried so the file round-trips, never used in calculations
 */
public record BankHoliday(LocalDate date, String title, String notes, boolean bunting) {

    public BankHoliday {
        Objects.requireNonNull(date, "date");
        Objects.requireNonNull(title, "title");
        notes = notes == null ? "" : notes;
    }

    /** True when GOV.UK marks the entry as a substitute for a holiday that fell at a weekend. */
    public boolean isSubstituteDay() {
        return notes.toLowerCase(java.util.Locale.ROOT).contains("substitute day");
    }
}
