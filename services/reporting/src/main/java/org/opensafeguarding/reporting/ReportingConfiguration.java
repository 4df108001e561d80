package org.opensafeguarding.reporting;

import org.opensafeguarding.calendar.WorkingDayCalendar;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

import java.time.Clock;

@Configuration
@EnableConfigurationProperties(ReportingProperties.class)
@EnableScheduling
public class ReportingConfiguration {

    /** "Today" for RAG states and gap ages; tests supply a controllable clock as the primary bean. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    WorkingDayCalendar workingDayCalendar() {
        return WorkingDayCalendar.englandAndWales();
    }
}
