package org.opensafeguarding.calendar;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * An immutable, validated set of England and Wales bank holidays covering whole calendar years
 * {@link #firstYear()} to {@link #lastYear()}. Instances come from {@link BankHolidayLoader}.
 */
public final class BankHolidays {

    private final NavigableMap<LocalDate, BankHoliday> byDate;
    private final int firstYear;
    private final int lastYear;
    private final String source;

    BankHolidays(NavigableMap<LocalDate, BankHoliday> byDate, String source) {
        if (byDate.isEmpty()) {
            throw new BankHolidayDataException(source + ": contains no bank holidays");
        }
        this.byDate = Collections.unmodifiableNavigableMap(new TreeMap<>(byDate));
        this.firstYear = byDate.firstKey().getYear();
        this.lastYear = byDate.lastKey().getYear();
        this.source = source;
    }

    /** Where the data came from, for error messages and audit ("classpath:…", a file path, …). */
    public String source() {
        return source;
    }

    public int firstYear() {
        return firstYear;
    }

    public int lastYear() {
        return lastYear;
    }

    public LocalDate firstDate() {
        return LocalDate.of(firstYear, 1, 1);
    }

    public LocalDate lastDate() {
        return LocalDate.of(lastYear, 12, 31);
    }

    public boolean covers(LocalDate date) {
        return date.getYear() >= firstYear && date.getYear() <= lastYear;
    }

    /** The bank holiday on that date, if any; callers must check {@link #covers} first. */
    public Optional<BankHoliday> on(LocalDate date) {
        return Optional.ofNullable(byDate.get(date));
    }

    public List<BankHoliday> all() {
        return List.copyOf(byDate.values());
    }

    public List<BankHoliday> inYear(int year) {
        return List.copyOf(byDate.subMap(LocalDate.of(year, 1, 1), true, LocalDate.of(year, 12, 31), true).values());
    }

    /**
     * This data with every year present in {@code newer} replaced by {@code newer}'s entries. GOV.UK's feed
     * only carries roughly the last seven years; overlaying it on the bundled file keeps the historic years
     * that 2013-2019 cases need for recomputation while taking any announcement in the newer file.
     *
     * @throws BankHolidayDataException if the result would have a year with no data between covered years
     */
    public BankHolidays overlaidWith(BankHolidays newer) {
        TreeMap<LocalDate, BankHoliday> merged = new TreeMap<>();
        byDate.forEach((date, holiday) -> {
            if (!newer.covers(date)) {
                merged.put(date, holiday);
            }
        });
        merged.putAll(newer.byDate);
        TreeSet<Integer> years = new TreeSet<>();
        merged.keySet().forEach(d -> years.add(d.getYear()));
        List<Integer> missing = new ArrayList<>();
        for (int y = years.first(); y <= years.last(); y++) {
            if (!years.contains(y)) {
                missing.add(y);
            }
        }
        if (!missing.isEmpty()) {
            throw new BankHolidayDataException("Cannot overlay " + newer.source + " (" + newer.firstYear + "-"
                    + newer.lastYear + ") on " + source + " (" + firstYear + "-" + lastYear
                    + "): no data would remain for year(s) " + missing
                    + "; a calendar with a hole in it would count unknown holidays as working days");
        }
        return new BankHolidays(merged, newer.source + " overlaid on " + source);
    }

    @Override
    public String toString() {
        return "BankHolidays[" + firstYear + "-" + lastYear + ", " + byDate.size() + " days, from " + source + "]";
    }
}
