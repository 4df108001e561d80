package org.opensafeguarding.calendar;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * The clock conventions of DOMAIN §2.1, applied in Europe/London.
 *
 * <p><b>The deadline is exclusive.</b> {@link #deadline} returns the first instant that is late: for
 * day-based units that is 00:00 London time at the start of the day after the last day allowed. "End of
 * Friday 5 April" is therefore Saturday 6 April 00:00, and a stop is on time iff {@code stop < deadline}.
 * This was chosen over 23:59:59.999… because it is exact at every timestamp precision (millisecond JSON,
 * microsecond PostgreSQL, nanosecond Java), and a BPMN timer set to that instant fires exactly when the
 * case becomes late. Use {@link #lastDayOnTime} for the date to print in letters.
 *
 * <p><b>Due versus breach.</b> Records never show the first late instant as the due date: {@link #due} is the last
 * instant on time (23:59:59 London on the last day for day-based units), {@link #breachAt} the first late one, to
 * the second, and {@code breachAt = due + 1 s} in every unit.
 *
 * <ul>
 *   <li>WORKING_DAYS: day 0 is the London date of the clock start, or the next working day if that date
 *       is not one; the last day allowed is the n-th working day after day 0.</li>
 *   <li>CALENDAR_DAYS / WEEKS: the last day allowed is day 0 plus n days (7n for weeks).</li>
 *   <li>MONTHS: day 0 plus n calendar months, same day-of-month, clamped to the month's last day.</li>
 *   <li>HOURS: n real elapsed hours, so a 72-hour timer across a clock change still lasts 72 hours.</li>
 * </ul>
 */
public final class DeadlineCalculator {

    public static final ZoneId LONDON = ZoneId.of("Europe/London");

    private static volatile DeadlineCalculator bundled;

    private final WorkingDayCalendar calendar;

    public DeadlineCalculator(WorkingDayCalendar calendar) {
        this.calendar = Objects.requireNonNull(calendar, "calendar");
    }

    /** A calculator over the bundled bank-holiday file. */
    public static DeadlineCalculator englandAndWales() {
        DeadlineCalculator result = bundled;
        if (result == null) {
            result = new DeadlineCalculator(WorkingDayCalendar.englandAndWales());
            bundled = result;
        }
        return result;
    }

    public WorkingDayCalendar calendar() {
        return calendar;
    }

    /** The first instant at which an action started at {@code clockStart} is late, in London time. */
    public ZonedDateTime deadline(ZonedDateTime clockStart, Timescale timescale) {
        ZonedDateTime start = london(clockStart);
        if (timescale.unit() == TimescaleUnit.HOURS) {
            return start.toInstant().plus(Duration.ofHours(timescale.amount())).atZone(LONDON);
        }
        return startOfDay(lastDay(start, timescale).plusDays(1));
    }

    public Instant deadline(Instant clockStart, Timescale timescale) {
        return deadline(clockStart.atZone(LONDON), timescale).toInstant();
    }

    /**
     * The instant a breach timer fires: {@link #deadline}, to the second. For day-based units that is 00:00 London
     * time after the last day on time; for hours, exactly n hours after the clock start (whole seconds).
     */
    public ZonedDateTime breachAt(ZonedDateTime clockStart, Timescale timescale) {
        return deadline(clockStart, timescale).truncatedTo(ChronoUnit.SECONDS);
    }

    /**
     * <b>The due date</b> every record shows (task, deadline row, event): the last instant on time, one second before
     * {@link #breachAt}. For day-based units it is 23:59:59 London time on {@link #lastDayOnTime} and is shown as that
     * date; for hours it is shown to the minute. One value for every unit: {@code breachAt = due + 1 s}.
     */
    public ZonedDateTime due(ZonedDateTime clockStart, Timescale timescale) {
        return dueBefore(breachAt(clockStart, timescale));
    }

    /** The due date (last instant on time) of a duty that becomes late at {@code breachAt}. */
    public static ZonedDateTime dueBefore(ZonedDateTime breachAt) {
        return breachAt.truncatedTo(ChronoUnit.SECONDS).minusSeconds(1).withZoneSameInstant(LONDON);
    }

    /** The instant a duty due at {@code due} becomes late. */
    public static Instant breachAfter(Instant due) {
        return due.plusSeconds(1);
    }

    /**
     * True when the due date is the end of its day (23:59:59 London: every day-based unit), so anything done on that
     * day is on time; false when it falls within the day (hours), where the day alone cannot say.
     */
    public static boolean endsWithTheDay(Instant due) {
        return due.atZone(LONDON).toLocalTime().equals(java.time.LocalTime.of(23, 59, 59));
    }

    /** The London date a due date is shown as (in events to the day). */
    public static LocalDate dueDay(Instant due) {
        return LocalDate.ofInstant(due, LONDON);
    }

    /** The last London date on which stopping the clock is still on time; what a letter would say. */
    public LocalDate lastDayOnTime(ZonedDateTime clockStart, Timescale timescale) {
        return deadline(clockStart, timescale).minusNanos(1).toLocalDate();
    }

    public LocalDate lastDayOnTime(Instant clockStart, Timescale timescale) {
        return lastDayOnTime(clockStart.atZone(LONDON), timescale);
    }

    /** True when {@code stop} came before the deadline. */
    public boolean isMetWithin(ZonedDateTime clockStart, ZonedDateTime clockStop, Timescale timescale) {
        return isMetWithin(clockStart.toInstant(), clockStop.toInstant(), timescale);
    }

    /**
     * @throws IllegalArgumentException if the clock stopped before it started: that is a data error the
     *         report should show, not a success to count
     */
    public boolean isMetWithin(Instant clockStart, Instant clockStop, Timescale timescale) {
        requireOrdered(clockStart, clockStop);
        return clockStop.isBefore(deadline(clockStart, timescale));
    }

    /**
     * The first instant that satisfies a minimum period ("at least 7 working days before publication",
     * "on the website for at least 12 months"): the start of the n-th day counted as for deadlines, or
     * exactly n hours later.
     */
    public ZonedDateTime earliestAllowed(ZonedDateTime clockStart, Timescale timescale) {
        ZonedDateTime start = london(clockStart);
        if (timescale.unit() == TimescaleUnit.HOURS) {
            return start.toInstant().plus(Duration.ofHours(timescale.amount())).atZone(LONDON);
        }
        return startOfDay(lastDay(start, timescale));
    }

    public Instant earliestAllowed(Instant clockStart, Timescale timescale) {
        return earliestAllowed(clockStart.atZone(LONDON), timescale).toInstant();
    }

    /** True when at least the timescale elapsed between start and stop. */
    public boolean isAtLeast(Instant clockStart, Instant clockStop, Timescale timescale) {
        requireOrdered(clockStart, clockStop);
        return !clockStop.isBefore(earliestAllowed(clockStart, timescale));
    }

    /** Applies the registry entry's kind: a maximum for WITHIN, a minimum for AT_LEAST. */
    public boolean isMet(Instant clockStart, Instant clockStop, StatutoryTimescale timescale) {
        return switch (timescale.kind()) {
            case WITHIN -> isMetWithin(clockStart, clockStop, timescale.timescale());
            case AT_LEAST -> isAtLeast(clockStart, clockStop, timescale.timescale());
        };
    }

    public boolean isMet(ZonedDateTime clockStart, ZonedDateTime clockStop, StatutoryTimescale timescale) {
        return isMet(clockStart.toInstant(), clockStop.toInstant(), timescale);
    }

    /** The n-th day counted from day 0 under the unit's convention; HOURS has no such day. */
    private LocalDate lastDay(ZonedDateTime start, Timescale timescale) {
        LocalDate day0 = start.toLocalDate();
        int n = timescale.amount();
        return switch (timescale.unit()) {
            case WORKING_DAYS -> calendar.addWorkingDays(calendar.workingDayOnOrAfter(day0), n);
            case CALENDAR_DAYS -> day0.plusDays(n);
            case WEEKS -> day0.plusWeeks(n);
            case MONTHS -> day0.plusMonths(n);
            case HOURS -> throw new IllegalStateException("hours are not counted in days");
        };
    }

    private static ZonedDateTime london(ZonedDateTime t) {
        return Objects.requireNonNull(t, "clockStart").withZoneSameInstant(LONDON);
    }

    // atStartOfDay(zone) rather than LocalTime.MIDNIGHT: it stays correct even in a zone whose clocks
    // change at midnight; London's change at 01:00 UTC so this is belt and braces.
    private static ZonedDateTime startOfDay(LocalDate date) {
        return date.atStartOfDay(LONDON);
    }

    private static void requireOrdered(Instant start, Instant stop) {
        Objects.requireNonNull(start, "clockStart");
        Objects.requireNonNull(stop, "clockStop");
        if (stop.isBefore(start)) {
            throw new IllegalArgumentException("Clock stop " + stop + " is before clock start " + start);
        }
    }
}
