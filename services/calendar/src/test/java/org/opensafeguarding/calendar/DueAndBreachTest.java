package org.opensafeguarding.calendar;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZonedDateTime;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One due date per duty: {@code due} is the last instant on time (shown as the last day on time for day-based units,
 * to the minute for hours), {@code breachAt} the first late instant, and {@code breachAt = due + 1 s} in every unit,
 * across a weekend, a bank holiday and both clock changes.
 */
class DueAndBreachTest {

    private final DeadlineCalculator calc = DeadlineCalculator.englandAndWales();

    static Stream<Arguments> cases() {
        return Stream.of(
                // working days over a weekend: Fri 8 Mar 2024 + 1 WD = Mon 11 Mar
                Arguments.of("WD weekend", at(2024, 3, 8, 10, 0), Timescale.workingDays(1),
                        LocalDateTime.of(2024, 3, 11, 23, 59, 59), LocalDateTime.of(2024, 3, 12, 0, 0)),
                // working days over Easter 2024 (Good Friday 29 Mar, Easter Monday 1 Apr) and the clock change of
                // Sun 31 Mar: Thu 28 Mar + 1 WD = Tue 2 Apr, due 23:59:59 BST
                Arguments.of("WD bank holiday + BST", at(2024, 3, 28, 10, 0), Timescale.workingDays(1),
                        LocalDateTime.of(2024, 4, 2, 23, 59, 59), LocalDateTime.of(2024, 4, 3, 0, 0)),
                // working days over the autumn change (Sun 27 Oct 2024): Fri 25 Oct + 3 WD = Wed 30 Oct, GMT
                Arguments.of("WD GMT", at(2024, 10, 25, 16, 30), Timescale.workingDays(3),
                        LocalDateTime.of(2024, 10, 30, 23, 59, 59), LocalDateTime.of(2024, 10, 31, 0, 0)),
                // calendar days through Christmas and a weekend: Thu 19 Dec 2013 + 14 = Thu 2 Jan 2014
                Arguments.of("days bank holiday", at(2013, 12, 19, 15, 0), Timescale.calendarDays(14),
                        LocalDateTime.of(2014, 1, 2, 23, 59, 59), LocalDateTime.of(2014, 1, 3, 0, 0)),
                // calendar days across the spring change: Sat 23 Mar 2024 + 14 = Sat 6 Apr (BST)
                Arguments.of("days BST", at(2024, 3, 23, 9, 0), Timescale.calendarDays(14),
                        LocalDateTime.of(2024, 4, 6, 23, 59, 59), LocalDateTime.of(2024, 4, 7, 0, 0)),
                // weeks across the autumn change: Mon 14 Oct 2024 + 4 weeks = Mon 11 Nov (GMT)
                Arguments.of("weeks GMT", at(2024, 10, 14, 11, 0), Timescale.weeks(4),
                        LocalDateTime.of(2024, 11, 11, 23, 59, 59), LocalDateTime.of(2024, 11, 12, 0, 0)),
                // months ignore weekends and holidays: Sat 25 Nov 2023 + 1 month = Mon 25 Dec 2023 (Christmas Day)
                Arguments.of("months bank holiday", at(2023, 11, 25, 12, 0), Timescale.months(1),
                        LocalDateTime.of(2023, 12, 25, 23, 59, 59), LocalDateTime.of(2023, 12, 26, 0, 0)),
                // months across the spring change: 15 Mar 2024 + 1 month = 15 Apr (BST)
                Arguments.of("months BST", at(2024, 3, 15, 9, 0), Timescale.months(1),
                        LocalDateTime.of(2024, 4, 15, 23, 59, 59), LocalDateTime.of(2024, 4, 16, 0, 0)),
                // 72 real hours across the autumn change: Fri 25 Oct 2024 10:00 BST -> Mon 28 Oct 09:00 GMT
                Arguments.of("hours GMT", at(2024, 10, 25, 10, 0), Timescale.hours(72),
                        LocalDateTime.of(2024, 10, 28, 8, 59, 59), LocalDateTime.of(2024, 10, 28, 9, 0)),
                // 48 real hours across the spring change and Easter weekend: Sat 30 Mar 2024 12:00 GMT -> Mon 1 Apr
                // 13:00 BST (a bank holiday, which hours ignore)
                Arguments.of("hours BST", at(2024, 3, 30, 12, 0), Timescale.hours(48),
                        LocalDateTime.of(2024, 4, 1, 12, 59, 59), LocalDateTime.of(2024, 4, 1, 13, 0)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void dueIsTheLastInstantOnTimeAndBreachTheFirstLate(String name, ZonedDateTime start, Timescale t,
                                                         LocalDateTime due, LocalDateTime breach) {
        assertThat(calc.due(start, t).toLocalDateTime()).isEqualTo(due);
        assertThat(calc.breachAt(start, t).toLocalDateTime()).isEqualTo(breach);
        assertThat(Duration.between(calc.due(start, t), calc.breachAt(start, t))).isEqualTo(Duration.ofSeconds(1));
        assertThat(DeadlineCalculator.breachAfter(calc.due(start, t).toInstant()))
                .isEqualTo(calc.breachAt(start, t).toInstant());
        // on time at the due instant, late at the breach instant, as the calculator judges it
        assertThat(calc.isMetWithin(start, calc.due(start, t), t)).isTrue();
        assertThat(calc.isMetWithin(start, calc.breachAt(start, t), t)).isFalse();
        assertThat(DeadlineCalculator.endsWithTheDay(calc.due(start, t).toInstant()))
                .isEqualTo(t.unit() != TimescaleUnit.HOURS);
        if (t.unit() != TimescaleUnit.HOURS) {
            // the day shown is the letter's last day on time, never the day the timer fires
            assertThat(DeadlineCalculator.dueDay(calc.due(start, t).toInstant())).isEqualTo(calc.lastDayOnTime(start, t));
            assertThat(DeadlineCalculator.dueDay(calc.due(start, t).toInstant()))
                    .isNotEqualTo(DeadlineCalculator.dueDay(calc.breachAt(start, t).toInstant()));
        } else {
            assertThat(DeadlineCalculator.dueDay(calc.due(start, t).toInstant())).isEqualTo(due.toLocalDate());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void dueIsWholeSecondsEvenFromAPreciseClockStart(String name, ZonedDateTime start, Timescale t,
                                                      LocalDateTime due, LocalDateTime breach) {
        ZonedDateTime precise = start.plusNanos(123_456_789);
        assertThat(calc.due(precise, t).getNano()).isZero();
        assertThat(calc.due(precise, t).toLocalDate()).isEqualTo(due.toLocalDate());
    }

    private static ZonedDateTime at(int y, int mo, int d, int h, int mi) {
        return ZonedDateTime.of(y, mo, d, h, mi, 0, 0, DeadlineCalculator.LONDON);
    }

}
