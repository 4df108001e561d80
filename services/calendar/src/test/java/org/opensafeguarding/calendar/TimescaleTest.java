package org.opensafeguarding.calendar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TimescaleTest {

    @Test
    void parsesTheCanonicalFormAndHandTypedVariants() {
        assertThat(Timescale.parse("5 WORKING_DAYS")).isEqualTo(Timescale.workingDays(5));
        assertThat(Timescale.parse(" 5 working days ")).isEqualTo(Timescale.workingDays(5));
        assertThat(Timescale.parse("1 month")).isEqualTo(Timescale.months(1));
        assertThat(Timescale.parse("72 hours")).isEqualTo(Timescale.hours(72));
        assertThat(Timescale.parse("14 calendar-days")).isEqualTo(Timescale.calendarDays(14));
        assertThat(Timescale.parse("1 WEEK")).isEqualTo(Timescale.weeks(1));
    }

    @Test
    void toStringRoundTrips() {
        assertThat(Timescale.workingDays(15).toString()).isEqualTo("15 WORKING_DAYS");
        assertThat(Timescale.parse(Timescale.hours(48).toString())).isEqualTo(Timescale.hours(48));
    }

    @Test
    void rejectsNonsense() {
        assertThatThrownBy(() -> Timescale.parse("5 WDs"))
                .hasMessageContaining("'WDs' is not a timescale unit")
                .hasMessageContaining("HOURS, WORKING_DAYS, CALENDAR_DAYS, WEEKS, MONTHS");
        assertThatThrownBy(() -> Timescale.parse("five WORKING_DAYS")).hasMessageContaining("'<whole number> <UNIT>'");
        assertThatThrownBy(() -> Timescale.parse("2.5 HOURS")).hasMessageContaining("is not a timescale");
        assertThatThrownBy(() -> Timescale.parse("0 WORKING_DAYS")).hasMessageContaining("at least 1");
        assertThatThrownBy(() -> Timescale.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
