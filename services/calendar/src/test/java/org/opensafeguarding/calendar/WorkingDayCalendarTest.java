package org.opensafeguarding.calendar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class WorkingDayCalendarTest {

    private final WorkingDayCalendar calendar = WorkingDayCalendar.englandAndWales();

    @Test
    void weekdaysAreWorkingDaysUnlessBankHolidays() {
        assertThat(calendar.isWorkingDay(d(2013, 3, 28))).isTrue();   // Thursday before Easter
        assertThat(calendar.isWorkingDay(d(2013, 3, 29))).isFalse();  // Good Friday
        assertThat(calendar.isWorkingDay(d(2013, 3, 30))).isFalse();  // Saturday
        assertThat(calendar.isWorkingDay(d(2013, 3, 31))).isFalse();  // Easter Sunday
        assertThat(calendar.isWorkingDay(d(2013, 4, 1))).isFalse();   // Easter Monday
        assertThat(calendar.isWorkingDay(d(2013, 4, 2))).isTrue();
        assertThat(calendar.isBankHoliday(d(2013, 3, 30))).isFalse(); // weekend, but not a bank holiday
        assertThat(calendar.bankHoliday(d(2013, 4, 1)).orElseThrow().title()).isEqualTo("Easter Monday");
    }

    @Test
    void nextWorkingDaySkipsEaster2013() {
        // Fri 29 Mar and Mon 1 Apr 2013 are bank holidays, with a weekend between.
        assertThat(calendar.nextWorkingDay(d(2013, 3, 28))).isEqualTo(d(2013, 4, 2));
        assertThat(calendar.previousWorkingDay(d(2013, 4, 2))).isEqualTo(d(2013, 3, 28));
        assertThat(calendar.workingDayOnOrAfter(d(2013, 3, 29))).isEqualTo(d(2013, 4, 2));
        assertThat(calendar.workingDayOnOrAfter(d(2013, 3, 28))).isEqualTo(d(2013, 3, 28));
    }

    @Test
    void addWorkingDaysAcrossChristmas2012() {
        // Fri 21 Dec 2012: Mon 24 (1); Tue 25, Wed 26 holidays; Thu 27 (2); Fri 28 (3); Mon 31 (4);
        // Tue 1 Jan holiday; Wed 2 Jan (5).
        LocalDate friday = d(2012, 12, 21);
        assertThat(calendar.addWorkingDays(friday, 1)).isEqualTo(d(2012, 12, 24));
        assertThat(calendar.addWorkingDays(friday, 2)).isEqualTo(d(2012, 12, 27));
        assertThat(calendar.addWorkingDays(friday, 5)).isEqualTo(d(2013, 1, 2));
        assertThat(calendar.addWorkingDays(friday, 0)).isEqualTo(friday);
        assertThat(calendar.addWorkingDays(d(2013, 1, 2), -5)).isEqualTo(friday);
    }

    @Test
    void addWorkingDaysAcrossChristmas2020SubstituteBoxingDay() {
        // Christmas 2020 was a Friday, so Boxing Day (Sat) moved to Mon 28 Dec; New Year was a Friday.
        LocalDate thursday = d(2020, 12, 24);
        assertThat(calendar.addWorkingDays(thursday, 1)).isEqualTo(d(2020, 12, 29));
        assertThat(calendar.addWorkingDays(thursday, 3)).isEqualTo(d(2020, 12, 31));
        assertThat(calendar.addWorkingDays(thursday, 4)).isEqualTo(d(2021, 1, 4));
    }

    @Test
    void addWorkingDaysAcrossChristmas2021BothSubstituted() {
        // Christmas 2021 was a Saturday: Mon 27 and Tue 28 Dec were substitutes; New Year 2022 was a
        // Saturday so Mon 3 Jan 2022 was one too.
        LocalDate friday = d(2021, 12, 24);
        assertThat(calendar.addWorkingDays(friday, 1)).isEqualTo(d(2021, 12, 29));
        assertThat(calendar.addWorkingDays(friday, 3)).isEqualTo(d(2021, 12, 31));
        assertThat(calendar.addWorkingDays(friday, 4)).isEqualTo(d(2022, 1, 4));
    }

    @Test
    void christmas2010WasSubstitutedOnMondayAndTuesday() {
        assertThat(calendar.nextWorkingDay(d(2010, 12, 24))).isEqualTo(d(2010, 12, 29));
    }

    @Test
    void workingDaysBetweenCountsTheDaysSteppedOver() {
        // (Thu 28 Mar, Fri 5 Apr 2013]: Tue 2, Wed 3, Thu 4, Fri 5 Apr = 4 (29 Mar and 1 Apr are holidays).
        assertThat(calendar.workingDaysBetween(d(2013, 3, 28), d(2013, 4, 5))).isEqualTo(4);
        assertThat(calendar.workingDaysBetween(d(2013, 4, 5), d(2013, 3, 28))).isEqualTo(-4);
        assertThat(calendar.workingDaysBetween(d(2013, 4, 5), d(2013, 4, 5))).isZero();
        // 2013 had 365 days, 104 weekend days and 8 weekday bank holidays: 253 working days.
        assertThat(calendar.workingDaysBetween(d(2012, 12, 31), d(2013, 12, 31))).isEqualTo(253);
        // 2022 had 105 weekend days (it began on a Saturday) and 10 weekday holidays: 250.
        assertThat(calendar.workingDaysBetween(d(2021, 12, 31), d(2022, 12, 31))).isEqualTo(250);
    }

    @Test
    void workingDaysBetweenIsTheInverseOfAddWorkingDays() {
        for (LocalDate start = d(2012, 1, 3); start.isBefore(d(2013, 1, 1)); start = start.plusDays(1)) {
            if (calendar.isWorkingDay(start)) {
                for (int n = 0; n <= 20; n++) {
                    assertThat(calendar.workingDaysBetween(start, calendar.addWorkingDays(start, n)))
                            .as("%s + %s", start, n).isEqualTo(n);
                }
            }
        }
    }

    @Test
    void refusesDatesOutsideTheLoadedYears() {
        assertThat(calendar.firstSupportedDate()).isEqualTo(d(2010, 1, 1));
        assertThat(calendar.lastSupportedDate()).isEqualTo(d(2030, 12, 31));
        assertThatThrownBy(() -> calendar.isWorkingDay(d(2009, 12, 31)))
                .isInstanceOf(DateOutOfCalendarRangeException.class)
                .hasMessageContaining("2009-12-31")
                .hasMessageContaining("2010-01-01 to 2030-12-31");
        assertThatThrownBy(() -> calendar.isWorkingDay(d(2031, 1, 2)))
                .isInstanceOf(DateOutOfCalendarRangeException.class);
        // Tue 31 Dec 2030 is known, but the next working day would be in 2031, where the holidays are not.
        assertThat(calendar.nextWorkingDay(d(2030, 12, 30))).isEqualTo(d(2030, 12, 31));
        assertThatThrownBy(() -> calendar.nextWorkingDay(d(2030, 12, 31)))
                .isInstanceOf(DateOutOfCalendarRangeException.class)
                .hasMessageContaining("2031-01-01");
        assertThatThrownBy(() -> calendar.workingDaysBetween(d(2030, 6, 1), d(2031, 6, 1)))
                .isInstanceOf(DateOutOfCalendarRangeException.class);
    }

    private static LocalDate d(int y, int m, int day) {
        return LocalDate.of(y, m, day);
    }
}
