package org.opensafeguarding.reporting.projection;

import org.opensafeguarding.reporting.ReportingProperties;
import org.opensafeguarding.reporting.events.CaseEvent;
import org.springframework.stereotype.Component;

import java.time.LocalDate;
import java.util.Optional;

/**
 * The date that counts for a report: a date recorded on the form (the day the meeting was held) when the event
 * carries one, else the day the event happened. Submitting a form late must not make a meeting look late.
 *
 * <p>Where the workflow service puts them (docs/events.md): {@code doneOn} on {@code deadline.met} / {@code .breached}
 * (the step's business date), and the {@code businessDates} object of {@code task.completed} (by form field name,
 * e.g. {@code meetingHeldOn}); when a form records several, the latest is when the step was done. The configured
 * top-level fields are read after those, for events of other producers.
 */
@Component
public class BusinessDates {

    private final ReportingProperties properties;

    public BusinessDates(ReportingProperties properties) {
        this.properties = properties;
    }

    public LocalDate of(CaseEvent event) {
        Optional<LocalDate> done = event.date("doneOn");
        if (done.isPresent()) {
            return done.get();
        }
        Optional<LocalDate> recorded = latestRecorded(event);
        if (recorded.isPresent()) {
            return recorded.get();
        }
        for (String field : properties.businessDateFields()) {
            Optional<LocalDate> day = event.date(field);
            if (day.isPresent()) {
                return day.get();
            }
        }
        return event.occurredOn();
    }

    private static Optional<LocalDate> latestRecorded(CaseEvent event) {
        com.fasterxml.jackson.databind.JsonNode dates = event.data().path("businessDates");
        LocalDate latest = null;
        for (var it = dates.elements(); it.hasNext(); ) {
            var value = it.next();
            if (value.isTextual()) {
                try {
                    LocalDate day = LocalDate.parse(value.asText());
                    latest = latest == null || day.isAfter(latest) ? day : latest;
                } catch (RuntimeException notADay) {
                    // a value that is not a day is no business date; the event's own day stands
                }
            }
        }
        return Optional.ofNullable(latest);
    }
}
