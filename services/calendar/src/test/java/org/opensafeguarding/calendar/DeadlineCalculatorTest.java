package org.opensafeguarding.calendar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

class DeadlineCalculatorTest {

    private final DeadlineCalculator calc = DeadlineCalculator.englandAndWales();

    @Test
    void fiveWorkingDaysFromThursdayBeforeEaster2013() {
        // Day 0 = Thu 28 Mar. Fri 29 Mar (Good Friday) and Mon 1 Apr (Easter Monday) are holidays, so the
        // following working days are Tue 2 (1), Wed 3 (2), Thu 4 (3), Fri 5 (4), Mon 8 Apr (5).
        // Fri 5 Apr is only the FOURTH working day: it would be the answer only if day 0 counted as day 1.
        ZonedDateTime referral = london(2013, 3, 28, 10, 0);
        assertThat(calc.lastDayOnTime(referral, Timescale.workingDays(5))).isEqualTo(d(2013, 4, 8));
        assertThat(calc.lastDayOnTime(referral, Timescale.workingDays(4))).isEqualTo(d(2013, 4, 5));
        // Exclusive deadline: midnight starting Tue 9 Apr, London time. British Summer Time began on
        // 31 Mar 2013, so that is 23:00 UTC on the 8th.
        assertThat(calc.deadline(referral, Timescale.workingDays(5))).isEqualTo(london(2013, 4, 9, 0, 0));
        assertThat(calc.deadline(referral.toInstant(), Timescale.workingDays(5)))
                .isEqualTo(Instant.parse("2013-04-08T23:00:00Z"));
    }

    @Test
    void stopOnTheLastDayIsMetAndAtMidnightIsLate() {
        ZonedDateTime referral = london(2013, 3, 28, 10, 0);
        Timescale five = Timescale.workingDays(5);
        assertThat(calc.isMetWithin(referral, london(2013, 4, 8, 23, 59).plusSeconds(59).plusNanos(999_999_999), five))
                .isTrue();
        assertThat(calc.isMetWithin(referral, london(2013, 4, 9, 0, 0), five)).isFalse();
        // Stopping on day 0 itself is plainly on time.
        assertThat(calc.isMetWithin(referral, referral, five)).isTrue();
    }

    @Test
    void stopBeforeStartIsADataErrorNotASuccess() {
        assertThatThrownBy(() -> calc.isMetWithin(Instant.parse("2013-04-02T10:00:00Z"),
                Instant.parse("2013-04-01T10:00:00Z"), Timescale.workingDays(5)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("before clock start");
    }

    @Test
    void acrossChristmas2012And2013() {
        // Fri 21 Dec 2012: Mon 24 (1), Thu 27 (2), Fri 28 (3), Mon 31 (4), Wed 2 Jan 2013 (5);
        // 25, 26 Dec and 1 Jan are holidays.
        assertThat(calc.lastDayOnTime(london(2012, 12, 21, 16, 0), Timescale.workingDays(5)))
                .isEqualTo(d(2013, 1, 2));
        // Winter, so London midnight is UTC midnight.
        assertThat(calc.deadline(london(2012, 12, 21, 16, 0).toInstant(), Timescale.workingDays(5)))
                .isEqualTo(Instant.parse("2013-01-03T00:00:00Z"));
    }

    @Test
    void acrossChristmas2020And2021WithSubstituteBoxingDay() {
        // R1-style 5 WD from Thu 24 Dec 2020: Fri 25 holiday, Mon 28 substitute Boxing Day, Tue 29 (1),
        // Wed 30 (2), Thu 31 (3), Fri 1 Jan holiday, Mon 4 (4), Tue 5 Jan 2021 (5).
        assertThat(calc.lastDayOnTime(london(2020, 12, 24, 9, 0), Timescale.workingDays(5)))
                .isEqualTo(d(2021, 1, 5));
    }

    @Test
    void diamondJubilee2012() {
        // Fri 1 Jun 2012; Mon 4 (moved Spring holiday) and Tue 5 (Jubilee) are holidays -> Wed 6 Jun.
        assertThat(calc.lastDayOnTime(london(2012, 6, 1, 12, 0), Timescale.workingDays(1))).isEqualTo(d(2012, 6, 6));
        // Mon 28 May 2012 was an ordinary working day, because the Spring holiday moved.
        assertThat(calc.lastDayOnTime(london(2012, 5, 25, 12, 0), Timescale.workingDays(1))).isEqualTo(d(2012, 5, 28));
    }

    @Test
    void platinumJubileeAndStateFuneral2022() {
        // Wed 1 Jun 2022; Thu 2 (moved Spring holiday) and Fri 3 (Platinum Jubilee) -> Mon 6 Jun.
        assertThat(calc.lastDayOnTime(london(2022, 6, 1, 12, 0), Timescale.workingDays(1))).isEqualTo(d(2022, 6, 6));
        // L2b 5 WD from Fri 27 May 2022: Mon 30 May (1, usual Spring date, worked), Tue 31 (2), Wed 1 Jun (3),
        // Mon 6 (4), Tue 7 Jun (5).
        assertThat(calc.lastDayOnTime(london(2022, 5, 27, 12, 0), Timescale.workingDays(5))).isEqualTo(d(2022, 6, 7));
        // Fri 16 Sep 2022; Mon 19 Sep was the State Funeral -> Tue 20 Sep.
        assertThat(calc.lastDayOnTime(london(2022, 9, 16, 12, 0), Timescale.workingDays(1))).isEqualTo(d(2022, 9, 20));
    }

    @Test
    void coronation2023() {
        // Fri 5 May 2023, 2 WD: Mon 8 May is the Coronation holiday -> Tue 9 (1), Wed 10 (2).
        assertThat(calc.lastDayOnTime(london(2023, 5, 5, 12, 0), Timescale.workingDays(2))).isEqualTo(d(2023, 5, 10));
    }

    @Test
    void eventOnASaturdayCountsFromTheNextWorkingDay() {
        // Sat 6 Apr 2013: day 0 becomes Mon 8 Apr, so 1 WD is Tue 9 Apr. A Friday event with 1 WD is due on
        // the Monday, one day earlier: receiving it at the weekend does not eat into the time allowed.
        assertThat(calc.lastDayOnTime(london(2013, 4, 6, 11, 0), Timescale.workingDays(1))).isEqualTo(d(2013, 4, 9));
        assertThat(calc.lastDayOnTime(london(2013, 4, 5, 11, 0), Timescale.workingDays(1))).isEqualTo(d(2013, 4, 8));
        // On a bank holiday likewise: Good Friday 29 Mar 2013 -> day 0 Tue 2 Apr -> 1 WD Wed 3 Apr.
        assertThat(calc.lastDayOnTime(london(2013, 3, 29, 11, 0), Timescale.workingDays(1))).isEqualTo(d(2013, 4, 3));
    }

    @Test
    void theDayIsTheLondonDateNotTheUtcDate() {
        // 23:30 UTC on Fri 5 Apr 2013 is 00:30 BST on Sat 6 Apr, so this is a Saturday event in London.
        assertThat(calc.lastDayOnTime(Instant.parse("2013-04-05T23:30:00Z"), Timescale.workingDays(1)))
                .isEqualTo(d(2013, 4, 9));
        ZonedDateTime sameMomentInUtc = ZonedDateTime.of(2013, 4, 5, 23, 30, 0, 0, ZoneOffset.UTC);
        assertThat(calc.deadline(sameMomentInUtc, Timescale.workingDays(1))).isEqualTo(london(2013, 4, 10, 0, 0));
    }

    @Test
    void monthsKeepTheDayOfMonthAndClampAtMonthEnd() {
        // T3: 31 Jan 2014 + 1 month -> 28 Feb 2014 (no 31 Feb); 2016 is a leap year -> 29 Feb.
        assertThat(calc.lastDayOnTime(london(2014, 1, 31, 9, 0), Timescale.months(1))).isEqualTo(d(2014, 2, 28));
        assertThat(calc.lastDayOnTime(london(2016, 1, 31, 9, 0), Timescale.months(1))).isEqualTo(d(2016, 2, 29));
        // T5: 31 Aug 2018 + 6 months -> 28 Feb 2019; 30 Nov 2019 + 3 months -> 29 Feb 2020 (leap).
        assertThat(calc.lastDayOnTime(london(2018, 8, 31, 9, 0), Timescale.months(6))).isEqualTo(d(2019, 2, 28));
        assertThat(calc.lastDayOnTime(london(2019, 11, 30, 9, 0), Timescale.months(3))).isEqualTo(d(2020, 2, 29));
        // Mid-month is untouched and months ignore weekends: 15 Mar 2014 (Sat) + 1 month = Tue 15 Apr 2014.
        assertThat(calc.lastDayOnTime(london(2014, 3, 15, 9, 0), Timescale.months(1))).isEqualTo(d(2014, 4, 15));
    }

    @Test
    void calendarDaysAndWeeksIgnoreHolidays() {
        // T4: 14 days from Thu 19 Dec 2013 -> Thu 2 Jan 2014, straight through Christmas and New Year.
        assertThat(calc.lastDayOnTime(london(2013, 12, 19, 15, 0), Timescale.calendarDays(14))).isEqualTo(d(2014, 1, 2));
        // L3: 4 weeks from Mon 3 Mar 2014 -> Mon 31 Mar 2014.
        assertThat(calc.lastDayOnTime(london(2014, 3, 3, 15, 0), Timescale.weeks(4))).isEqualTo(d(2014, 3, 31));
    }

    @Test
    void seventyTwoHoursAcrossTheOctoberClockChangeAreRealHours() {
        // Clocks went back at 02:00 BST on Sun 29 Oct 2023, adding an hour to that night. 72 real hours
        // from Fri 27 Oct 10:00 BST (09:00 UTC) end at Mon 30 Oct 09:00 UTC, which is 09:00 GMT on the
        // wall clock, not 10:00.
        ZonedDateTime start = london(2023, 10, 27, 10, 0);
        ZonedDateTime deadline = calc.deadline(start, Timescale.hours(72));
        assertThat(deadline.toInstant()).isEqualTo(Instant.parse("2023-10-30T09:00:00Z"));
        assertThat(deadline.toLocalDateTime()).isEqualTo(LocalDateTime.of(2023, 10, 30, 9, 0));
        assertThat(calc.isMetWithin(start, london(2023, 10, 30, 8, 59), Timescale.hours(72))).isTrue();
        // A meeting at 09:30 GMT looks "within 72 hours" by wall-clock subtraction but is 72.5 real hours.
        assertThat(calc.isMetWithin(start, london(2023, 10, 30, 9, 30), Timescale.hours(72))).isFalse();
    }

    @Test
    void seventyTwoHoursAcrossTheMarchClockChangeLoseAnHourOfWallClock() {
        // Clocks went forward at 01:00 GMT on Sun 31 Mar 2024. 72 h from Fri 29 Mar 12:00 GMT is Mon 1 Apr
        // 12:00 UTC = 13:00 BST.
        ZonedDateTime deadline = calc.deadline(london(2024, 3, 29, 12, 0), Timescale.hours(72));
        assertThat(deadline.toLocalDateTime()).isEqualTo(LocalDateTime.of(2024, 4, 1, 13, 0));
    }

    @Test
    void hoursAreHalfOpenExactlyNHoursLaterIsLate() {
        Instant start = Instant.parse("2020-05-05T10:00:00Z");
        assertThat(calc.isMetWithin(start, Instant.parse("2020-05-07T09:59:59Z"), Timescale.hours(48))).isTrue();
        assertThat(calc.isMetWithin(start, Instant.parse("2020-05-07T10:00:00Z"), Timescale.hours(48))).isFalse();
    }

    @Test
    void minimumPeriodsStartAtTheBeginningOfTheNthDay() {
        // R4: advance copy sent Mon 1 Jul 2019; 7 WD later is Wed 10 Jul (2,3,4,5,8,9,10), so publication
        // on the 10th is allowed and on the 9th is too early.
        Instant copySent = london(2019, 7, 1, 15, 0).toInstant();
        Timescale seven = Timescale.workingDays(7);
        assertThat(calc.earliestAllowed(copySent, seven)).isEqualTo(london(2019, 7, 10, 0, 0).toInstant());
        assertThat(calc.isAtLeast(copySent, london(2019, 7, 10, 9, 0).toInstant(), seven)).isTrue();
        assertThat(calc.isAtLeast(copySent, london(2019, 7, 9, 17, 0).toInstant(), seven)).isFalse();
        // T6: published Tue 31 Mar 2015 -> may come down from Thu 31 Mar 2016.
        assertThat(calc.earliestAllowed(london(2015, 3, 31, 12, 0), Timescale.months(12)))
                .isEqualTo(london(2016, 3, 31, 0, 0));
    }

    @Test
    void workingDayDeadlinesRefuseYearsWithoutHolidayData() {
        // 10 WD from Fri 20 Dec 2030 runs into 2031, whose bank holidays are not loaded.
        assertThatThrownBy(() -> calc.deadline(london(2030, 12, 20, 9, 0), Timescale.workingDays(10)))
                .isInstanceOf(DateOutOfCalendarRangeException.class);
        // Units that never look at bank holidays keep working.
        assertThat(calc.lastDayOnTime(london(2035, 1, 31, 9, 0), Timescale.months(1))).isEqualTo(d(2035, 2, 28));
        assertThat(calc.deadline(Instant.parse("2040-01-01T00:00:00Z"), Timescale.hours(24)))
                .isEqualTo(Instant.parse("2040-01-02T00:00:00Z"));
    }

    @Test
    void registryEntryDecidesBetweenMaximumAndMinimum() {
        TimescaleRegistry registry = TimescaleRegistry.loadDefault();
        Instant friday = london(2019, 7, 5, 12, 0).toInstant();
        Instant nextFriday = london(2019, 7, 12, 12, 0).toInstant();
        // L2b (5 WD maximum): Fri 5 -> Fri 12 Jul 2019 is exactly 5 WD, on time.
        assertThat(calc.isMet(friday, nextFriday, registry.get("L2b"))).isTrue();
        // R4 (7 WD minimum): the same 5 WD is too short a notice.
        assertThat(calc.isMet(friday, nextFriday, registry.get("R4"))).isFalse();
    }

    private static ZonedDateTime london(int y, int mo, int d, int h, int mi) {
        return ZonedDateTime.of(y, mo, d, h, mi, 0, 0, DeadlineCalculator.LONDON);
    }

    private static LocalDate d(int y, int m, int day) {
        return LocalDate.of(y, m, day);
    }
}
