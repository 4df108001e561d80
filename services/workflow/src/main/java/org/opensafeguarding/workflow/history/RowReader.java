package org.opensafeguarding.workflow.history;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads the cells of one row by their column's rules and collects every fault, so a file's answer lists them all.
 * A faulty cell reads as absent, so later checks that depend on it stay quiet instead of piling up. Messages name
 * the column and the rule, never the value.
 */
final class RowReader {

    /**
     * The working-day calendar's bank holidays start in 2010 (services/calendar), so no deadline before then can be
     * judged; it is also well before any partnership's records this product will meet.
     */
    static final LocalDate DATE_FLOOR = LocalDate.of(2010, 1, 1);

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("uuuu-MM-dd")
            .withResolverStyle(ResolverStyle.STRICT);
    private static final Pattern REFERENCE = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._:/-]{0,99}$");
    private static final Pattern INTEGER = Pattern.compile("^[0-9]{1,6}$");

    private final HistoryCsv.Row row;
    private final LocalDate today;
    private final List<HistoryViolation> violations = new ArrayList<>();

    RowReader(HistoryCsv.Row row, LocalDate today) {
        this.row = row;
        this.today = today;
    }

    long line() {
        return row.line();
    }

    List<HistoryViolation> violations() {
        return violations;
    }

    boolean clean() {
        return violations.isEmpty();
    }

    void fault(String column, String rule, String message) {
        violations.add(new HistoryViolation(row.line(), column, rule, message));
    }

    /** The raw text, or null when the cell is empty or the column absent; a missing required value is a fault. */
    private String text(Column c) {
        String value = row.values().get(c.name());
        if (value == null && row.values().containsKey(c.name())) {
            return null;
        }
        if (value == null || value.isEmpty()) {
            if (c.required()) {
                fault(c.name(), "required", "A value is required.");
            }
            return null;
        }
        return value;
    }

    String reference(Column c) {
        String value = text(c);
        if (value != null && !REFERENCE.matcher(value).matches()) {
            fault(c.name(), "reference", "Must be the previous system's case reference: 1 to 100 letters, digits and "
                    + ". _ : / -, starting with a letter or digit (no spaces).");
            return null;
        }
        return value;
    }

    String code(Column c) {
        String value = text(c);
        if (value != null && !c.codes().contains(value)) {
            fault(c.name(), "allowed-code", "Not one of the allowed codes: " + String.join(", ", c.codes()) + ".");
            return null;
        }
        return value;
    }

    /** A code whose allowed list depends on the row (e.g. the regime its dates pin); the column's own list is empty. */
    String code(Column c, List<String> allowed, String why) {
        String value = text(c);
        if (value != null && !allowed.contains(value)) {
            fault(c.name(), "allowed-code", "Not one of the codes allowed " + why + ": " + String.join(", ", allowed) + ".");
            return null;
        }
        return value;
    }

    /** ONS code of an English local authority (unitary, district, metropolitan, London borough, or E10 county). */
    private static final java.util.regex.Pattern LA_CODE = java.util.regex.Pattern.compile("^E(0[6-9]|10)[0-9]{6}$");

    String localAuthority(Column c) {
        String value = raw(c);
        if (value != null && !LA_CODE.matcher(value).matches()) {
            fault(c.name(), "pattern", "Must be an ONS local authority code: E06, E07, E08, E09 or E10 followed by six "
                    + "digits.");
            return null;
        }
        return value;
    }

    List<String> codes(Column c) {
        String value = text(c);
        List<String> out = new ArrayList<>();
        if (value == null) {
            return out;
        }
        for (String item : value.split(";", -1)) {
            String code = item.strip();
            if (!c.codes().contains(code)) {
                fault(c.name(), "allowed-code", "Each item (separated by ;) must be one of: "
                        + String.join(", ", c.codes()) + ".");
                return List.of();
            }
            if (!out.contains(code)) {
                out.add(code);
            }
        }
        return out;
    }

    /** Empty reads as false. */
    boolean bool(Column c) {
        String value = text(c);
        if (value == null) {
            return false;
        }
        return switch (value) {
            case "true" -> true;
            case "false" -> false;
            default -> {
                fault(c.name(), "boolean", "Must be true or false (or empty for false).");
                yield false;
            }
        };
    }

    Integer integer(Column c, int min, int max) {
        String value = text(c);
        if (value == null) {
            return null;
        }
        if (!INTEGER.matcher(value).matches() || Integer.parseInt(value) < min || Integer.parseInt(value) > max) {
            fault(c.name(), "integer-range", "Must be a whole number from " + min + " to " + max + ".");
            return null;
        }
        return Integer.parseInt(value);
    }

    /** An ISO 8601 day, not in the future and not before {@link #DATE_FLOOR}. */
    LocalDate date(Column c) {
        String value = text(c);
        if (value == null) {
            return null;
        }
        LocalDate day;
        try {
            day = LocalDate.parse(value, DAY);
        } catch (DateTimeException e) {
            fault(c.name(), "date", "Must be a real day written yyyy-mm-dd (ISO 8601).");
            return null;
        }
        if (day.isAfter(today)) {
            fault(c.name(), "not-future", "The date is in the future; history is what has happened.");
            return null;
        }
        if (day.isBefore(DATE_FLOOR)) {
            fault(c.name(), "date-floor", "The date is before " + DATE_FLOOR + ", the start of the working-day "
                    + "calendar's bank-holiday data.");
            return null;
        }
        return day;
    }

    /** {@code later} must not be before {@code earlier}; silent when either is absent. */
    void notBefore(Column later, LocalDate laterDay, Column earlier, LocalDate earlierDay) {
        if (laterDay != null && earlierDay != null && laterDay.isBefore(earlierDay)) {
            fault(later.name(), "date-order", "Must not be before " + earlier.name() + ".");
        }
    }

    /** The stripped text of a cell, for comparisons that never echo it; null when empty. */
    String raw(Column c) {
        String value = row.values().get(c.name());
        return value == null || value.isEmpty() ? null : value;
    }

    boolean present(Column c) {
        String value = row.values().get(c.name());
        return value != null && !value.isEmpty();
    }
}
