package org.opensafeguarding.workflow.tasklist;

import com.fasterxml.jackson.databind.JsonNode;
import io.swagger.v3.oas.annotations.media.Schema;
import org.opensafeguarding.calendar.DeadlineCalculator;
import org.opensafeguarding.workflow.casefile.CaseRepository;
import org.opensafeguarding.workflow.deadlines.TimescaleLabels;
import org.opensafeguarding.workflow.engine.ProcessIds;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The statutory timescale a task belongs to (the case deadline its due date shows, as a completion resolves it,
 * {@link CompletionDeadlines}) and, for an escalation task, which deadline of which case passed and when (the
 * routing variables the {@code case-event.emit} worker gives its {@code deadline-escalation} instance).
 */
@Component
class TaskTimescales {

    @Schema(name = "TaskDeadline", description = "The statutory or local timescale the task's due date belongs to")
    record DeadlineView(String timescaleId, String label,
                        @Schema(description = "the last day on time (London)") LocalDate dueDate) {
    }

    @Schema(name = "TaskEscalation", description = "An escalation task: the deadline of the case that passed")
    record EscalationView(String caseId, String timescaleId, String label,
                          @Schema(description = "the deadline's last day on time (London)") LocalDate dueDate,
                          @Schema(description = "when its breach was recorded") Instant breachedAt) {
    }

    private final JdbcClient jdbc;
    private final CaseRepository cases;
    private final TimescaleLabels labels;

    TaskTimescales(JdbcClient jdbc, CaseRepository cases, TimescaleLabels labels) {
        this.jdbc = jdbc;
        this.cases = cases;
        this.labels = labels;
    }

    /** The case deadline due at the task's due date (of the timescales its header names, when it names any). */
    Optional<DeadlineView> deadlineOf(TaskRow task) {
        if (task.dueAt() == null) {
            return Optional.empty();
        }
        String named = task.customHeaders().getOrDefault(TaskCompletions.DEADLINE_TIMESCALES_HEADER, "");
        List<String> timescales = named.isBlank() ? List.of() : List.of(named.trim().split("\\s*,\\s*"));
        return jdbc.sql("""
                        SELECT timescale_id FROM case_deadline
                        WHERE case_id = :caseId AND due_at = :due
                          AND (cardinality(CAST(:timescales AS VARCHAR[])) = 0
                               OR timescale_id = ANY (CAST(:timescales AS VARCHAR[])))
                        ORDER BY id LIMIT 1""")
                .param("caseId", task.caseId().value())
                .param("due", Timestamp.from(task.dueAt()))
                .param("timescales", "{" + String.join(",", timescales) + "}")
                .query(String.class)
                .optional()
                .map(id -> new DeadlineView(id, labels.label(tenant(task), id), DeadlineCalculator.dueDay(task.dueAt())));
    }

    /**
     * @param instanceVariables the root-scope variables of the task's instance, by name, as JSON
     * @return empty unless the task is a {@code deadline-escalation} task whose variables name the timescale
     */
    Optional<EscalationView> escalationOf(TaskRow task, Map<String, JsonNode> instanceVariables) {
        if (!ProcessIds.DEADLINE_ESCALATION.equals(task.processId())) {
            return Optional.empty();
        }
        String timescaleId = text(instanceVariables.get("timescaleId"));
        if (timescaleId == null) {
            return Optional.empty();
        }
        Instant due = instant(text(instanceVariables.get("dueAt")));
        return Optional.of(new EscalationView(task.caseId().toString(), timescaleId,
                labels.label(tenant(task), timescaleId), due == null ? null : DeadlineCalculator.dueDay(due),
                instant(text(instanceVariables.get("breachedAt")))));
    }

    private String tenant(TaskRow task) {
        return cases.find(task.caseId()).orElseThrow().tenant();
    }

    private static String text(JsonNode node) {
        return node == null || !node.isTextual() ? null : node.textValue();
    }

    private static Instant instant(String text) {
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeException e) {
            return null;
        }
    }
}
