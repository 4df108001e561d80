package org.opensafeguarding.reporting.projection;

import org.opensafeguarding.reporting.events.CaseEvent;
import org.opensafeguarding.reporting.events.EventType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Date;
import java.time.LocalDate;

/**
 * Applies one event, in its case's order, to every projection table of one version. Each statement is keyed so
 * that the same event applied to an empty version always gives the same rows: that is what makes a rebuild
 * reproduce the live tables exactly.
 */
@Component
public class Projector {

    private final JdbcTemplate jdbc;
    private final BusinessDates businessDates;
    private final WorkingDays workingDays;

    public Projector(JdbcTemplate jdbc, BusinessDates businessDates, WorkingDays workingDays) {
        this.jdbc = jdbc;
        this.businessDates = businessDates;
        this.workingDays = workingDays;
    }

    public void apply(int version, CaseEvent e) {
        EventType type = EventType.of(e.type()).orElseThrow();
        LocalDate on = businessDates.of(e);
        jdbc.update("INSERT INTO case_summary (projection_version, case_pseudonym, tenant, case_type, process_version, "
                        + "imported) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (projection_version, case_pseudonym) DO "
                        + "UPDATE SET imported = case_summary.imported OR EXCLUDED.imported",
                version, e.casePseudonym(), e.tenant(), e.caseType(), e.processVersion(), e.imported());
        jdbc.update("INSERT INTO case_timeline (projection_version, case_pseudonym, sequence, tenant, event_id, "
                        + "event_type, occurred_on, business_date, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb)",
                version, e.casePseudonym(), e.sequence(), e.tenant(), e.id(), e.type(), day(e.occurredOn()), day(on),
                CodesOnly.detail(e.data()).toString());
        switch (type) {
            case CASE_OPENED -> opened(version, e);
            case CASE_CLOSED -> jdbc.update("UPDATE case_summary SET closed_on = ?, closure_reason = ? "
                    + "WHERE projection_version = ? AND case_pseudonym = ?", day(on),
                    code(e, "closureReason"), version, e.casePseudonym());
            case TASK_CREATED, TASK_ASSIGNED, TASK_UNASSIGNED, TASK_COMPLETED, TASK_CANCELED -> stage(version, type, e, on);
            case DEADLINE_SET, DEADLINE_MET, DEADLINE_BREACHED, DEADLINE_LAPSED -> deadline(version, type, e, on);
            case DECISION_RECORDED -> fact(version, e, "DECISION", "decisionType", "outcome", "decisionMakerRole", on);
            case OUTCOME_RECORDED -> fact(version, e, "OUTCOME", "outcomeType", "outcome", null, on);
            case NOTICE_SENT -> fact(version, e, "NOTICE", "notice", "notice", null, on);
            case BREAK_GLASS -> {
                // the timeline row is the whole projection: the manager's alert reads it from there
            }
        }
    }

    private void opened(int version, CaseEvent e) {
        String categories = CodesOnly.detail(e.data().path("categories")).toString();
        jdbc.update("UPDATE case_summary SET referral_kind = ?, channel = ?, trigger_date = ?, opened_on = ?, "
                        + "age_band = ?, categories = ?::jsonb WHERE projection_version = ? AND case_pseudonym = ?",
                code(e, "referralKind"), code(e, "channel"), day(e.date("triggerDate").orElse(null)),
                day(e.occurredOn()), ageBand(e), categories, version, e.casePseudonym());
    }

    private void stage(int version, EventType type, CaseEvent e, LocalDate on) {
        String task = e.text("task").orElseThrow();
        jdbc.update("INSERT INTO stage (projection_version, task, case_pseudonym, tenant, case_type, task_type, state, "
                        + "created_on, due_on) VALUES (?, ?, ?, ?, ?, ?, 'OPEN', ?, ?) "
                        + "ON CONFLICT (projection_version, task) DO NOTHING",
                version, task, e.casePseudonym(), e.tenant(), e.caseType(), e.text("taskType").orElseThrow(),
                day(e.occurredOn()), day(e.date("dueOn").orElse(null)));
        switch (type) {
            case TASK_ASSIGNED -> jdbc.update("UPDATE stage SET state = 'ASSIGNED', assigned_on = COALESCE(assigned_on, ?), "
                    + "assignee_role = ? WHERE projection_version = ? AND task = ? AND state IN ('OPEN', 'ASSIGNED')",
                    day(on), code(e, "assigneeRole"), version, task);
            case TASK_UNASSIGNED -> jdbc.update("UPDATE stage SET state = 'OPEN' WHERE projection_version = ? "
                    + "AND task = ? AND state = 'ASSIGNED'", version, task);
            case TASK_COMPLETED -> {
                LocalDate created = jdbc.queryForObject("SELECT created_on FROM stage WHERE projection_version = ? "
                        + "AND task = ?", LocalDate.class, version, task);
                jdbc.update("UPDATE stage SET state = 'COMPLETED', completed_on = ?, working_days = ? "
                        + "WHERE projection_version = ? AND task = ?", day(on), workingDays.between(created, on),
                        version, task);
            }
            case TASK_CANCELED -> jdbc.update("UPDATE stage SET state = 'CANCELED', canceled_on = ? "
                    + "WHERE projection_version = ? AND task = ? AND state <> 'COMPLETED'", day(on), version, task);
            default -> {
                // created: the insert above
            }
        }
    }

    private void deadline(int version, EventType type, CaseEvent e, LocalDate on) {
        String timescale = e.text("timescale").orElseThrow();
        LocalDate due = e.date("dueOn").orElseThrow();
        jdbc.update("INSERT INTO deadline (projection_version, case_pseudonym, timescale, due_on, tenant, case_type, "
                        + "state, set_on) VALUES (?, ?, ?, ?, ?, ?, 'OPEN', ?) "
                        + "ON CONFLICT (projection_version, case_pseudonym, timescale, due_on) DO NOTHING",
                version, e.casePseudonym(), timescale, day(due), e.tenant(), e.caseType(),
                type == EventType.DEADLINE_SET ? day(on) : null);
        String state = switch (type) {
            case DEADLINE_MET -> "MET";
            case DEADLINE_BREACHED -> "BREACHED";
            case DEADLINE_LAPSED -> "LAPSED";
            default -> null;
        };
        if (state == null) {
            return;
        }
        // only an open deadline changes: a breach is final, so a later "met" cannot make a late step look on time
        Integer early = type == EventType.DEADLINE_MET ? workingDays.between(on, due) : null;
        jdbc.update("UPDATE deadline SET state = ?, closed_on = ?, days_early = ? WHERE projection_version = ? "
                        + "AND case_pseudonym = ? AND timescale = ? AND due_on = ? AND state = 'OPEN'",
                state, day(on), early, version, e.casePseudonym(), timescale, day(due));
    }

    private void fact(int version, CaseEvent e, String kind, String typeField, String codeField, String roleField,
                      LocalDate on) {
        jdbc.update("INSERT INTO case_fact (projection_version, case_pseudonym, sequence, tenant, case_type, kind, "
                        + "fact_type, code, fact_on, role) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                version, e.casePseudonym(), e.sequence(), e.tenant(), e.caseType(), kind,
                e.text(typeField).orElseThrow(), e.text(codeField).orElseThrow(), day(on),
                roleField == null ? null : code(e, roleField));
    }

    private static String code(CaseEvent e, String field) {
        return e.text(field).filter(v -> v.matches("^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$")).orElse(null);
    }

    private static String ageBand(CaseEvent e) {
        return e.text("ageBand").filter(v -> v.matches("^[0-9a-z+-]{1,16}$")).orElse(null);
    }

    private static Date day(LocalDate date) {
        return date == null ? null : Date.valueOf(date);
    }
}
