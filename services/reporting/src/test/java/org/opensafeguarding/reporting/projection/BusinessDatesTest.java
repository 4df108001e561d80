package org.opensafeguarding.reporting.projection;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.opensafeguarding.reporting.ReportingProperties;
import org.opensafeguarding.reporting.events.CaseEvent;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The day a report counts an event on, from the fields the workflow service's events carry (docs/events.md). */
class BusinessDatesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final LocalDate RECORDED = LocalDate.of(2024, 3, 13);

    private final BusinessDates dates = new BusinessDates(new ReportingProperties(Duration.ofMinutes(15), 2, 5,
            List.of("meetingHeldOn", "decidedOn"), "--04-01", Duration.ofSeconds(1), 2, 10_000));

    private static CaseEvent event(String type, String data) throws Exception {
        return new CaseEvent("e1", type, "p", 1, "t", "LADO_ALLEGATION", "v", RECORDED, false, JSON.readTree(data), JSON.readTree(data));
    }

    @Test
    void aDeadlineCountsOnTheDayItsStepWasDone() throws Exception {
        assertThat(dates.of(event("deadline.met", "{\"timescale\":\"L2b\",\"dueOn\":\"2024-03-11\",\"doneOn\":\"2024-03-08\"}")))
                .isEqualTo(LocalDate.of(2024, 3, 8));
    }

    @Test
    void aCompletedTaskCountsOnTheLatestDayItsFormRecords() throws Exception {
        assertThat(dates.of(event("task.completed",
                "{\"businessDates\":{\"meetingHeldOn\":\"2024-03-07\",\"decidedOn\":\"2024-03-08\"}}")))
                .isEqualTo(LocalDate.of(2024, 3, 8));
    }

    @Test
    void otherwiseAConfiguredFieldAndLastTheEventsOwnDay() throws Exception {
        assertThat(dates.of(event("other", "{\"decidedOn\":\"2024-03-05\"}"))).isEqualTo(LocalDate.of(2024, 3, 5));
        assertThat(dates.of(event("other", "{\"businessDates\":{\"meetingHeldOn\":\"not a day\"}}"))).isEqualTo(RECORDED);
        assertThat(dates.of(event("other", "{}"))).isEqualTo(RECORDED);
    }
}
