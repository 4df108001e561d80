package org.opensafeguarding.workflow.monitoring;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * Figures and health thresholds of docs/operations.md, "Metrics and health".
 *
 * @param refresh                      how often the database figures (outbox, engine commands, deadlines) are
 *                                     recounted; a scrape or health check reads the last count
 * @param incidentsRefresh             how often the engine's open incidents are counted
 * @param outboxMaxAge                 health {@code outbox} is DOWN while an unpublished row is older than this
 * @param engineCommandsDegradedAbove  health {@code engineCommands} is DEGRADED while more commands than this are
 *                                     pending past their lease
 * @param deadlineGrace                an open deadline this long past due counts as overdue (its breach timer
 *                                     should have fired and marked it BREACHED)
 * @param deadlinesDegradedAbove       health {@code deadlines} is DEGRADED while more open deadlines than this are
 *                                     overdue
 * @param incidentsDegradedAbove       health {@code incidents} is DEGRADED while the engine holds more open incidents
 * @param refusedCompletionsWindow     health {@code taskCompletions} is DEGRADED for this long after the engine
 *                                     refused a task completion
 */
@ConfigurationProperties("safeguarding.monitoring")
public record MonitoringProperties(Duration refresh, Duration incidentsRefresh, Duration outboxMaxAge,
                                   Long engineCommandsDegradedAbove, Duration deadlineGrace,
                                   Long deadlinesDegradedAbove, Long incidentsDegradedAbove,
                                   Duration refusedCompletionsWindow) {

    public MonitoringProperties {
        refresh = refresh == null ? Duration.ofSeconds(15) : refresh;
        incidentsRefresh = incidentsRefresh == null ? Duration.ofSeconds(30) : incidentsRefresh;
        outboxMaxAge = outboxMaxAge == null ? Duration.ofMinutes(5) : outboxMaxAge;
        engineCommandsDegradedAbove = engineCommandsDegradedAbove == null ? 0 : engineCommandsDegradedAbove;
        deadlineGrace = deadlineGrace == null ? Duration.ofHours(1) : deadlineGrace;
        deadlinesDegradedAbove = deadlinesDegradedAbove == null ? 0 : deadlinesDegradedAbove;
        incidentsDegradedAbove = incidentsDegradedAbove == null ? 0 : incidentsDegradedAbove;
        refusedCompletionsWindow = refusedCompletionsWindow == null ? Duration.ofHours(1) : refusedCompletionsWindow;
    }
}
