package org.opensafeguarding.calendar;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;

/**
 * Working days in England and Wales: Monday to Friday, excluding bank holidays (DOMAIN §2.1).
 *
 * <p>Every method refuses, with {@link DateOutOfCalendarRangeException}, a date outside the years the
 * bank-holiday data covers, including dates it would only reach while counting.
 */
public final class WorkingDayCalendar {

    private static volatile WorkingDayCalendar bundled;

    private final BankHolidays holidays;
    private final LocalDate first;
    private final LocalDate last;
    // cumulative[i] = working days in [first, first + i]; makes workingDaysBetween O(1) for reporting
    // queries that span years.
    private final int[] cumulative;

    public WorkingDayCalendar(BankHolidays holidays) {
        this.holidays = Objects.requireNonNull(holidays, "holidays");
        this.first = holidays.firstDate();
        this.last = holidays.lastDate();
        int days = (int) ChronoUnit.DAYS.between(first, last) + 1;
        this.cumulative = new int[days];
        int running = 0;
        LocalDate d = first;
        for (int i = 0; i < days; i++, d = d.plusDays(1)) {
            if (isWeekday(d) && holidays.on(d).isEmpty()) {
                running++;
            }
            cumulative[i] = running;
        }
    }

    /** The calendar built from the bundled bank-holiday file, loaded once per JVM. */
    public static WorkingDayCalendar englandAndWales() {
        WorkingDayCalendar result = bundled;
        if (result == null) {
            synchronized (WorkingDayCalendar.class) {
                result = bundled;
                if (result == null) {
                    result = new WorkingDayCalendar(BankHolidayLoader.loadDefault());
                    bundled = result;
                }
            }
        }
        return result;
    }

    public BankHolidays bankHolidays() {
        return holidays;
    }

    public LocalDate firstSupportedDate() {
        return first;
    }

    public LocalDate lastSupportedDate() {
        return last;
    }

    public boolean supports(LocalDate date) {
        return !date.isBefore(first) && !date.isAfter(last);
    }

    public boolean isWorkingDay(LocalDate date) {
        requireSupported(date);
        return isWeekday(date) && holidays.on(date).isEmpty();
    }

    public boolean isBankHoliday(LocalDate date) {
        requireSupported(date);
        return holidays.on(date).isPresent();
    }

    public Optional<BankHoliday> bankHoliday(LocalDate date) {
        requireSupported(date);
        return holidays.on(date);
    }

    /** The first working day strictly after {@code date}. */
    public LocalDate nextWorkingDay(LocalDate date) {
        return addWorkingDays(date, 1);
    }

    /** The last working day strictly before {@code date}. */
    public LocalDate previousWorkingDay(LocalDate date) {
        return addWorkingDays(date, -1);
    }

    /** {@code date} itself if it is a working day, otherwise the next one. */
    public LocalDate workingDayOnOrAfter(LocalDate date) {
        return isWorkingDay(date) ? date : nextWorkingDay(date);
    }

    /**
     * The {@code n}-th working day after {@code date} (before it when {@code n} is negative); {@code date}
     * itself is never counted, and {@code n == 0} returns {@code date} unchanged even if it is not a
     * working day. So {@code addWorkingDays(Fri, 1)} is the following Monday and
     * {@code workingDaysBetween(d, addWorkingDays(d, n)) == n} for every working-day d.
     */
    public LocalDate addWorkingDays(LocalDate date, int n) {
        requireSupported(date);
        int step = n >= 0 ? 1 : -1;
        int remaining = Math.abs(n);
        LocalDate d = date;
        while (remaining > 0) {
            d = d.plusDays(step);
            if (isWorkingDay(d)) {
                remaining--;
            }
        }
        return d;
    }

    /**
     * Working days in the half-open interval (start, end]: the number of working days you step over going
     * from {@code start} to {@code end}, which is what "done in k working days" means in reports. Negative
     * when {@code end} is before {@code start}; zero when they are the same day.
     */
    public int workingDaysBetween(LocalDate start, LocalDate end) {
        requireSupported(start);
        requireSupported(end);
        return cumulative[index(end)] - cumulative[index(start)];
    }

    private int index(LocalDate date) {
        return (int) ChronoUnit.DAYS.between(first, date);
    }

    private void requireSupported(LocalDate date) {
        Objects.requireNonNull(date, "date");
        if (!supports(date)) {
            throw new DateOutOfCalendarRangeException(date, first, last, holidays.source());
        }
    }

    private static boolean isWeekday(LocalDate date) {
        DayOfWeek dow = date.getDayOfWeek();
        return dow != DayOfWeek.SATURDAY && dow != DayOfWeek.SUNDAY;
    }

    @Override
    public String toString() {
        return "WorkingDayCalendar[" + first + " to " + last + ", " + holidays.source() + "]";
    }
}
