package org.opensafeguarding.reporting.projection;

import org.opensafeguarding.reporting.ReportingProperties;
import org.opensafeguarding.reporting.events.CaseEvent;
import org.springframework.stereotype.Component;

import java.time.LocalDate;
import java.util.Optional;

/**
 * The date that counts for a report: a date recorded on the form (the day the meeting was held) when the event
 * carries one, else the day the event happened. Submitting a form late must not make a meeting look late.
 */
@Component
public class BusinessDates {

    private final ReportingProperties properties;

    public BusinessDates(ReportingProperties properties) {
        this.properties = properties;
    }

    public LocalDate of(CaseEvent event) {
        for (String field : properties.businessDateFields()) {
            Optional<LocalDate> day = event.date(field);
            if (day.isPresent()) {
                return day.get();
            }
        }
        return event.occurredOn();
    }
}
