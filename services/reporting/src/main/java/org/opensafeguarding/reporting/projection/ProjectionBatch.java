package org.opensafeguarding.reporting.projection;

import org.opensafeguarding.reporting.events.CaseEvent;
import org.opensafeguarding.reporting.events.EventType;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Array;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Applies events, in their cases' order, to one projection version: the rows they touch are read once, changed in
 * memory by the same rules an event at a time would follow, and written back in a few batched statements. This is
 * what lets a replay keep up with a topic of millions of events; a batch of one event is the careful path.
 */
public final class ProjectionBatch {

    private final JdbcTemplate jdbc;
    private final int version;
    private final BusinessDates businessDates;
    private final WorkingDays workingDays;
    private final List<CaseEvent> events = new ArrayList<>();

    ProjectionBatch(JdbcTemplate jdbc, int version, BusinessDates businessDates, WorkingDays workingDays) {
        this.jdbc = jdbc;
        this.version = version;
        this.businessDates = businessDates;
        this.workingDays = workingDays;
    }

    /** Events must be added in the order they apply: each case's in sequence order. */
    public void add(CaseEvent event) {
        events.add(event);
    }

    public void flush() {
        if (events.isEmpty()) {
            return;
        }
        Set<String> cases = new LinkedHashSet<>();
        Set<String> tasks = new LinkedHashSet<>();
        for (CaseEvent e : events) {
            cases.add(e.casePseudonym());
            e.text("task").ifPresent(tasks::add);
        }
        Map<String, Rows.Summary> summaries = Rows.loadSummaries(jdbc, version, cases);
        Map<String, Rows.Stage> stages = tasks.isEmpty() ? new LinkedHashMap<>() : Rows.loadStages(jdbc, version, tasks);
        Map<String, Rows.Deadline> deadlines = Rows.loadDeadlines(jdbc, version, cases);
        Set<Object> touched = new LinkedHashSet<>();
        List<Object[]> timeline = new ArrayList<>();
        List<Object[]> facts = new ArrayList<>();
        for (CaseEvent e : events) {
            EventType type = EventType.of(e.type()).orElseThrow();
            LocalDate on = businessDates.of(e);
            Rows.Summary summary = summaries.computeIfAbsent(e.casePseudonym(), k -> Rows.Summary.of(e));
            summary.imported |= e.imported();
            touched.add(summary);
            timeline.add(new Object[]{version, e.casePseudonym(), e.sequence(), e.tenant(), e.id(), e.type(),
                    day(e.occurredOn()), day(on), CodesOnly.detail(e.data()).toString()});
            switch (type) {
                case CASE_OPENED -> summary.opened(e);
                case CASE_CLOSED -> {
                    summary.closedOn = on;
                    summary.closureReason = Rows.code(e, "closureReason");
                }
                case TASK_CREATED, TASK_ASSIGNED, TASK_UNASSIGNED, TASK_COMPLETED, TASK_CANCELED -> {
                    Rows.Stage stage = stages.computeIfAbsent(e.text("task").orElseThrow(), k -> Rows.Stage.of(e));
                    stage.apply(type, e, on, workingDays);
                    touched.add(stage);
                }
                case DEADLINE_SET, DEADLINE_MET, DEADLINE_BREACHED, DEADLINE_LAPSED -> {
                    Rows.Deadline deadline = deadlines.computeIfAbsent(Rows.Deadline.key(e),
                            k -> Rows.Deadline.of(e, type, on));
                    deadline.apply(type, e, on, workingDays);
                    touched.add(deadline);
                }
                case DECISION_RECORDED -> facts.add(fact(e, "DECISION", "decisionType", "outcome", "decisionMakerRole", on));
                case OUTCOME_RECORDED -> facts.add(fact(e, "OUTCOME", "outcomeType", "outcome", null, on));
                case NOTICE_SENT -> facts.add(fact(e, "NOTICE", "notice", "notice", null, on));
                case BREAK_GLASS -> {
                    // the timeline row is the whole projection
                }
            }
        }
        Rows.write(jdbc, version, touched);
        CopyRows.append(jdbc, "case_timeline", "projection_version, case_pseudonym, sequence, tenant, event_id, "
                + "event_type, occurred_on, business_date, detail", timeline);
        if (!facts.isEmpty()) {
            jdbc.batchUpdate("INSERT INTO case_fact (projection_version, case_pseudonym, sequence, tenant, case_type, "
                    + "kind, fact_type, code, fact_on, role) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", facts);
        }
        events.clear();
    }

    private Object[] fact(CaseEvent e, String kind, String typeField, String codeField, String roleField, LocalDate on) {
        return new Object[]{version, e.casePseudonym(), e.sequence(), e.tenant(), e.caseType(), kind,
                e.text(typeField).orElseThrow(), e.text(codeField).orElseThrow(), day(on),
                roleField == null ? null : Rows.code(e, roleField)};
    }

    static Date day(LocalDate date) {
        return date == null ? null : Date.valueOf(date);
    }

    static PreparedStatement withKeys(java.sql.Connection con, String sql, int version, Set<String> keys)
            throws java.sql.SQLException {
        PreparedStatement ps = con.prepareStatement(sql);
        ps.setInt(1, version);
        Array array = con.createArrayOf("bpchar", keys.toArray());
        ps.setArray(2, array);
        return ps;
    }
}
