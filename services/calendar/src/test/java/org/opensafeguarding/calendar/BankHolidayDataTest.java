package org.opensafeguarding.calendar;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.Month;
import java.time.temporal.TemporalAdjusters;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Checks the bundled file against facts worked out independently of it. The production code holds the
 * dates as data; the rules live only here, as a cross-check, so a typo in the file cannot also be in
 * the code that checks it.
 */
class BankHolidayDataTest {

    private static final BankHolidays HOLIDAYS = BankHolidayLoader.loadDefault();

    // Good Friday each year, from published Easter tables (Easter Sunday is two days later).
    private static final Map<Integer, LocalDate> GOOD_FRIDAY = Map.ofEntries(
            Map.entry(2010, LocalDate.of(2010, 4, 2)), Map.entry(2011, LocalDate.of(2011, 4, 22)),
            Map.entry(2012, LocalDate.of(2012, 4, 6)), Map.entry(2013, LocalDate.of(2013, 3, 29)),
            Map.entry(2014, LocalDate.of(2014, 4, 18)), Map.entry(2015, LocalDate.of(2015, 4, 3)),
            Map.entry(2016, LocalDate.of(2016, 3, 25)), Map.entry(2017, LocalDate.of(2017, 4, 14)),
            Map.entry(2018, LocalDate.of(2018, 3, 30)), Map.entry(2019, LocalDate.of(2019, 4, 19)),
            Map.entry(2020, LocalDate.of(2020, 4, 10)), Map.entry(2021, LocalDate.of(2021, 4, 2)),
            Map.entry(2022, LocalDate.of(2022, 4, 15)), Map.entry(2023, LocalDate.of(2023, 4, 7)),
            Map.entry(2024, LocalDate.of(2024, 3, 29)), Map.entry(2025, LocalDate.of(2025, 4, 18)),
            Map.entry(2026, LocalDate.of(2026, 4, 3)), Map.entry(2027, LocalDate.of(2027, 3, 26)),
            Map.entry(2028, LocalDate.of(2028, 4, 14)), Map.entry(2029, LocalDate.of(2029, 3, 30)),
            Map.entry(2030, LocalDate.of(2030, 4, 19)));

    @Test
    void coversEveryYearFrom2010To2030() {
        assertThat(HOLIDAYS.firstYear()).isEqualTo(2010);
        assertThat(HOLIDAYS.lastYear()).isEqualTo(2030);
    }

    @Test
    void everyYearHasTheExpectedNumberOfHolidays() {
        // Eight in a normal year. 2011: + royal wedding = 9. 2012: the late-May holiday MOVED to 4 Jun and
        // the Jubilee was ADDED on 5 Jun, so 8 + 1 = 9. 2020: Early May moved, none added = 8.
        // 2022: Spring moved to 2 Jun, Platinum Jubilee and State Funeral added = 10. 2023: Coronation = 9.
        Map<Integer, Integer> expected = new HashMap<>();
        for (int y = 2010; y <= 2030; y++) {
            expected.put(y, 8);
        }
        expected.put(2011, 9);
        expected.put(2012, 9);
        expected.put(2022, 10);
        expected.put(2023, 9);

        Map<Integer, Integer> actual = HOLIDAYS.all().stream()
                .collect(Collectors.groupingBy(h -> h.date().getYear(), Collectors.summingInt(h -> 1)));
        assertThat(actual).isEqualTo(expected);
        assertThat(HOLIDAYS.all()).hasSize(21 * 8 + 1 + 1 + 2 + 1);
    }

    @Test
    void everyListedDateIsAWeekday() {
        assertThat(HOLIDAYS.all())
                .allSatisfy(h -> assertThat(h.date().getDayOfWeek())
                        .as(h.toString())
                        .isNotIn(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY));
    }

    @Test
    void fileMatchesTheRulesPlusTheAnnouncedExceptionsForEveryYear() {
        for (int year = 2010; year <= 2030; year++) {
            Set<LocalDate> fromFile = HOLIDAYS.inYear(year).stream().map(BankHoliday::date)
                    .collect(Collectors.toCollection(TreeSet::new));
            assertThat(fromFile).as("bank holidays in %s", year).isEqualTo(byTheRules(year));
        }
    }

    @Test
    void substituteDaysAreMarkedAsGovUkDoes() {
        // Christmas on a Saturday (2010, 2021, 2027): both days move to Mon 27 and Tue 28.
        // Christmas on a Sunday (2011, 2016, 2022): Boxing Day stays on Mon 26, Christmas moves to Tue 27.
        // Boxing Day on a Saturday (2015, 2020, 2026): Boxing Day moves to Mon 28.
        // New Year on a Saturday (2011, 2022, 2028) -> Mon 3 Jan; on a Sunday (2012, 2017, 2023) -> Mon 2 Jan.
        Set<LocalDate> substitutes = HOLIDAYS.all().stream().filter(BankHoliday::isSubstituteDay)
                .map(BankHoliday::date).collect(Collectors.toCollection(TreeSet::new));
        assertThat(substitutes).containsExactly(
                d(2010, 12, 27), d(2010, 12, 28),
                d(2011, 1, 3), d(2011, 12, 27),
                d(2012, 1, 2),
                d(2015, 12, 28),
                d(2016, 12, 27),
                d(2017, 1, 2),
                d(2020, 12, 28),
                d(2021, 12, 27), d(2021, 12, 28),
                d(2022, 1, 3), d(2022, 12, 27),
                d(2023, 1, 2),
                d(2026, 12, 28),
                d(2027, 12, 27), d(2027, 12, 28),
                d(2028, 1, 3));
        assertThat(HOLIDAYS.on(d(2011, 12, 27)).orElseThrow().title()).isEqualTo("Christmas Day");
        assertThat(HOLIDAYS.on(d(2011, 12, 26)).orElseThrow().title()).isEqualTo("Boxing Day");
        assertThat(HOLIDAYS.on(d(2011, 12, 26)).orElseThrow().isSubstituteDay()).isFalse();
    }

    @Test
    void oneOffHolidaysArePresent() {
        assertThat(HOLIDAYS.on(d(2011, 4, 29))).isPresent();  // royal wedding, Friday
        assertThat(HOLIDAYS.on(d(2012, 6, 4))).isPresent();   // Spring holiday moved from 28 May
        assertThat(HOLIDAYS.on(d(2012, 6, 5))).isPresent();   // Diamond Jubilee
        assertThat(HOLIDAYS.on(d(2020, 5, 8))).isPresent();   // Early May moved to Friday for VE day
        assertThat(HOLIDAYS.on(d(2022, 6, 2))).isPresent();   // Spring holiday moved to Thursday
        assertThat(HOLIDAYS.on(d(2022, 6, 3))).isPresent();   // Platinum Jubilee, Friday
        assertThat(HOLIDAYS.on(d(2022, 9, 19))).isPresent();  // State Funeral of Queen Elizabeth II
        assertThat(HOLIDAYS.on(d(2023, 5, 8))).isPresent();   // Coronation, a week after Early May
        assertThat(HOLIDAYS.on(d(2023, 5, 1))).isPresent();   // ... which still happened
    }

    @Test
    void movedHolidaysLeaveTheirUsualDateAsAWorkingDay() {
        // The usual date is easy to type by habit; each of these was a normal working day.
        assertThat(HOLIDAYS.on(d(2012, 5, 28))).isEmpty(); // last Monday of May 2012
        assertThat(HOLIDAYS.on(d(2020, 5, 4))).isEmpty();  // first Monday of May 2020
        assertThat(HOLIDAYS.on(d(2022, 5, 30))).isEmpty(); // last Monday of May 2022
    }

    private static Set<LocalDate> byTheRules(int year) {
        Set<LocalDate> days = new TreeSet<>();
        LocalDate newYear = d(year, 1, 1);
        days.add(switch (newYear.getDayOfWeek()) {
            case SATURDAY -> newYear.plusDays(2);
            case SUNDAY -> newYear.plusDays(1);
            default -> newYear;
        });
        LocalDate goodFriday = GOOD_FRIDAY.get(year);
        assertThat(goodFriday.getDayOfWeek()).isEqualTo(DayOfWeek.FRIDAY);
        days.add(goodFriday);
        days.add(goodFriday.plusDays(3));
        days.add(firstMonday(year, Month.MAY));
        days.add(lastMonday(year, Month.MAY));
        days.add(lastMonday(year, Month.AUGUST));
        LocalDate christmas = d(year, 12, 25);
        switch (christmas.getDayOfWeek()) {
            case FRIDAY -> days.addAll(Set.of(christmas, d(year, 12, 28)));
            case SATURDAY, SUNDAY -> days.addAll(Set.of(d(year, 12, 27), d(year, 12, 26).getDayOfWeek()
                    == DayOfWeek.MONDAY ? d(year, 12, 26) : d(year, 12, 28)));
            default -> days.addAll(Set.of(christmas, d(year, 12, 26)));
        }
        switch (year) {
            case 2011 -> days.add(d(2011, 4, 29));
            case 2012 -> {
                days.remove(d(2012, 5, 28));
                days.addAll(Set.of(d(2012, 6, 4), d(2012, 6, 5)));
            }
            case 2020 -> {
                days.remove(d(2020, 5, 4));
                days.add(d(2020, 5, 8));
            }
            case 2022 -> {
                days.remove(d(2022, 5, 30));
                days.addAll(Set.of(d(2022, 6, 2), d(2022, 6, 3), d(2022, 9, 19)));
            }
            case 2023 -> days.add(d(2023, 5, 8));
            default -> { }
        }
        return days;
    }

    private static LocalDate firstMonday(int year, Month month) {
        return LocalDate.of(year, month, 1).with(TemporalAdjusters.firstInMonth(DayOfWeek.MONDAY));
    }

    private static LocalDate lastMonday(int year, Month month) {
        return LocalDate.of(year, month, 1).with(TemporalAdjusters.lastInMonth(DayOfWeek.MONDAY));
    }

    private static LocalDate d(int y, int m, int day) {
        return LocalDate.of(y, m, day);
    }
}
