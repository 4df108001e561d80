package org.opensafeguarding.calendar;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The units DOMAIN §2.1 counts timescales in; each has its own clock convention in {@link DeadlineCalculator}. */
public enum TimescaleUnit {
    /** Elapsed real hours, weekends and nights included. */
    HOURS,
    /** Monday to Friday excluding England and Wales bank holidays. */
    WORKING_DAYS,
    CALENDAR_DAYS,
    /** Seven calendar days each. */
    WEEKS,
    /** Calendar months, same day-of-month, clamped to the month's end. */
    MONTHS;

    /**
     * Accepts the enum name in any case, with spaces or hyphens for underscores, and the singular
     * ("1 MONTH"), because people type overrides into configuration by hand.
     */
    public static TimescaleUnit parse(String text) {
        String key = text == null ? "" : text.trim().toUpperCase(Locale.ROOT).replace(' ', '_').replace('-', '_');
        for (TimescaleUnit unit : values()) {
            if (unit.name().equals(key) || unit.name().equals(key + "S")) {
                return unit;
            }
        }
        throw new IllegalArgumentException("'" + text + "' is not a timescale unit; expected one of " + names());
    }

    static String names() {
        return Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", "));
    }
}
