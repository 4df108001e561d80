package org.opensafeguarding.calendar;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A duration in one of the {@link TimescaleUnit}s, e.g. "5 WORKING_DAYS". Whole numbers only: the
 * guidance never uses fractions, and a fractional working day has no agreed meaning.
 */
public record Timescale(int amount, TimescaleUnit unit) {

    private static final Pattern TEXT = Pattern.compile("\\s*(\\d{1,6})\\s+([A-Za-z_ -]+?)\\s*");

    public Timescale {
        Objects.requireNonNull(unit, "unit");
        if (amount < 1) {
            throw new IllegalArgumentException("A timescale must be at least 1 " + unit + ", was " + amount);
        }
    }

    public static Timescale hours(int n) {
        return new Timescale(n, TimescaleUnit.HOURS);
    }

    public static Timescale workingDays(int n) {
        return new Timescale(n, TimescaleUnit.WORKING_DAYS);
    }

    public static Timescale calendarDays(int n) {
        return new Timescale(n, TimescaleUnit.CALENDAR_DAYS);
    }

    public static Timescale weeks(int n) {
        return new Timescale(n, TimescaleUnit.WEEKS);
    }

    public static Timescale months(int n) {
        return new Timescale(n, TimescaleUnit.MONTHS);
    }

    /** Parses the {@link #toString()} form, e.g. "72 HOURS", "5 working_days", "1 month". */
    public static Timescale parse(String text) {
        Matcher m = TEXT.matcher(text == null ? "" : text);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a timescale; expected '<whole number> <UNIT>'"
                    + " such as '5 WORKING_DAYS', with UNIT one of " + TimescaleUnit.names());
        }
        return new Timescale(Integer.parseInt(m.group(1)), TimescaleUnit.parse(m.group(2)));
    }

    @Override
    public String toString() {
        return amount + " " + unit;
    }
}
