package org.opensafeguarding.workflow.cases;

import org.opensafeguarding.calendar.DeadlineCalculator;
import org.opensafeguarding.calendar.WorkingDayCalendar;
import org.opensafeguarding.workflow.casefile.CaseId;
import org.opensafeguarding.workflow.casefile.CaseRecord;
import org.opensafeguarding.workflow.casefile.CaseStatus;
import org.opensafeguarding.workflow.deadlines.TimescaleLabels;
import org.opensafeguarding.workflow.events.CaseEventType;
import org.opensafeguarding.workflow.tasklist.Caller;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;

/**
 * GET /api/cases/{caseId}/deadlines: the case's deadlines ({@code case_deadline}) with their state and RAG today.
 * RAG as reporting computes it (docs/reporting.md): RED when past its due date or breached while the case is open,
 * AMBER from {@code safeguarding.cases.amber-working-days} working days before it, GREEN before that; a deadline met,
 * lapsed or breached on a closed case has none. "Today" is the London day of the service's clock.
 */
@Service
@EnableConfigurationProperties(CaseProperties.class)
class CaseDeadlines {

    private final CaseReads reads;
    private final TimescaleLabels labels;
    private final JdbcClient jdbc;
    private final CaseProperties properties;
    private final Clock clock;
    private final WorkingDayCalendar calendar = WorkingDayCalendar.englandAndWales();

    CaseDeadlines(CaseReads reads, TimescaleLabels labels, JdbcClient jdbc, CaseProperties properties, Clock clock) {
        this.reads = reads;
        this.labels = labels;
        this.jdbc = jdbc;
        this.properties = properties;
        this.clock = clock;
    }

    CaseViews.DeadlinesView deadlines(Caller caller, String caseIdText) {
        CaseId caseId = CaseReads.parse(caseIdText);
        CaseRecord theCase = reads.inside(caller, caseId, "read-deadlines");
        LocalDate today = LocalDate.ofInstant(clock.instant(), DeadlineCalculator.LONDON);
        LocalDate amberFrom = calendar.supports(today) ? calendar.addWorkingDays(today, properties.amberWorkingDays())
                : today.plusDays(properties.amberWorkingDays());
        boolean open = theCase.status() == CaseStatus.OPEN;
        return reads.audited(caller, caseId, "deadlines", () -> {
            Map<String, LocalDate> doneOn = doneOn(caseId);
            return new CaseViews.DeadlinesView(today, jdbc.sql("""
                        SELECT timescale_id, due_at, status, resolved_at FROM case_deadline
                        WHERE case_id = :caseId ORDER BY due_at, id""")
                .param("caseId", caseId.value())
                .query((rs, n) -> {
                    Instant due = rs.getTimestamp("due_at").toInstant();
                    String state = rs.getString("status");
                    Timestamp resolved = rs.getTimestamp("resolved_at");
                    Instant resolvedAt = resolved == null ? null : resolved.toInstant();
                    LocalDate dueOn = DeadlineCalculator.dueDay(due);
                    String timescale = rs.getString("timescale_id");
                    return new CaseViews.DeadlineItem(timescale, labels.label(theCase.tenant(), timescale), dueOn,
                            state, rag(state, dueOn, open, today, amberFrom),
                            "MET".equals(state) ? metOn(doneOn.get(timescale + "/" + dueOn), resolvedAt) : null,
                            resolvedAt);
                })
                .list());
        }, view -> Map.of("deadlines", view.items().size()));
    }

    /** The day a met deadline's step was done, as its deadline.met event says (a form's business date). */
    private Map<String, LocalDate> doneOn(CaseId caseId) {
        Map<String, LocalDate> days = new HashMap<>();
        jdbc.sql("""
                        SELECT data ->> 'timescale' AS timescale, data ->> 'dueOn' AS due_on, data ->> 'doneOn' AS done_on
                        FROM case_event_log
                        WHERE case_id = :caseId AND event_type = :type AND data ->> 'doneOn' IS NOT NULL
                        ORDER BY sequence""")
                .param("caseId", caseId.value())
                .param("type", CaseEventType.DEADLINE_MET.cloudEventType())
                .query((rs, n) -> days.put(rs.getString("timescale") + "/" + rs.getString("due_on"),
                        LocalDate.parse(rs.getString("done_on"))))
                .list();
        return days;
    }

    private static LocalDate metOn(LocalDate doneOn, Instant resolvedAt) {
        if (doneOn != null) {
            return doneOn;
        }
        return resolvedAt == null ? null : LocalDate.ofInstant(resolvedAt, DeadlineCalculator.LONDON);
    }

    static String rag(String state, LocalDate dueOn, boolean caseOpen, LocalDate today, LocalDate amberFrom) {
        boolean live = "OPEN".equals(state) || ("BREACHED".equals(state) && caseOpen);
        if (!live) {
            return null;
        }
        if ("BREACHED".equals(state) || dueOn.isBefore(today)) {
            return "RED";
        }
        return dueOn.isAfter(amberFrom) ? "GREEN" : "AMBER";
    }
}
