package org.opensafeguarding.reporting.alerts;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.opensafeguarding.reporting.consumption.ProjectionVersions;
import org.opensafeguarding.reporting.projection.WorkingDays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.util.List;

/** Alerts, when {@code reporting.alerts.enabled=true}: checked and delivered every {@code check-interval}. */
@Configuration
@EnableConfigurationProperties(AlertProperties.class)
@ConditionalOnProperty(name = "reporting.alerts.enabled", havingValue = "true")
public class AlertConfiguration {

    private static final Logger log = LoggerFactory.getLogger(AlertConfiguration.class);

    @Bean
    WebhookChannel webhookChannel(AlertProperties p, ObjectMapper json) {
        return new WebhookChannel(p.webhook(), json);
    }

    @Bean
    EmailChannel emailChannel(AlertProperties p, ObjectProvider<JavaMailSender> mail, ObjectMapper json) {
        return new EmailChannel(p.email(), mail, json);
    }

    @Bean
    AlertRaiser alertRaiser(JdbcTemplate jdbc, TransactionTemplate tx, ProjectionVersions versions,
                            WorkingDays workingDays, Clock clock, AlertProperties p, List<AlertChannel> channels,
                            ObjectMapper json) {
        return new AlertRaiser(jdbc, tx, versions, workingDays, clock, p, channels, json);
    }

    @Bean
    AlertDispatcher alertDispatcher(JdbcTemplate jdbc, Clock clock, AlertProperties p, List<AlertChannel> channels) {
        return new AlertDispatcher(jdbc, clock, p, channels);
    }

    @Bean("alerts")
    AlertsHealthIndicator alertsHealthIndicator(JdbcTemplate jdbc, MeterRegistry meters) {
        AlertsHealthIndicator health = new AlertsHealthIndicator(jdbc);
        Gauge.builder("reporting.alerts.deliveries.failed", jdbc,
                j -> j.queryForObject("SELECT count(*) FROM alert_delivery WHERE state = 'FAILED'", Long.class))
                .description("alert deliveries given up after max-attempts").register(meters);
        return health;
    }

    @Bean
    Schedule alertSchedule(AlertRaiser raiser, AlertDispatcher dispatcher) {
        return new Schedule(raiser, dispatcher);
    }

    /** Check, then deliver; an error is logged and the next run tries again. */
    public static class Schedule {
        private final AlertRaiser raiser;
        private final AlertDispatcher dispatcher;

        Schedule(AlertRaiser raiser, AlertDispatcher dispatcher) {
            this.raiser = raiser;
            this.dispatcher = dispatcher;
        }

        @Scheduled(fixedDelayString = "${reporting.alerts.check-interval:PT1M}",
                initialDelayString = "${reporting.alerts.check-interval:PT1M}")
        public void run() {
            try {
                raiser.check();
                dispatcher.dispatch();
            } catch (RuntimeException e) {
                log.warn("alert check failed; next run tries again", e);
            }
        }
    }
}
