package org.opensafeguarding.reporting.projection;

import org.opensafeguarding.reporting.events.CaseEvent;
import org.opensafeguarding.reporting.events.Codes;
import org.opensafeguarding.reporting.events.EventType;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The stateful projection rows (case summary, stage, deadline) and the rules by which an event changes each. */
final class Rows {

    private Rows() {
    }

    static String code(CaseEvent e, String field) {
        return e.text(field).filter(Codes::isCode).orElse(null);
    }

    static final class Summary {
        String casePseudonym, tenant, caseType, processVersion, referralKind, channel, ageBand, categories,
                closureReason;
        LocalDate triggerDate, openedOn, closedOn;
        boolean imported;

        static Summary of(CaseEvent e) {
            Summary s = new Summary();
            s.casePseudonym = e.casePseudonym();
            s.tenant = e.tenant();
            s.caseType = e.caseType();
            s.processVersion = e.processVersion();
            return s;
        }

        void opened(CaseEvent e) {
            referralKind = code(e, "referralKind");
            channel = code(e, "channel");
            triggerDate = e.date("triggerDate").orElse(null);
            openedOn = e.occurredOn();
            ageBand = e.text("ageBand").filter(Codes::isAgeBand).orElse(null);
            categories = CodesOnly.detail(e.data().path("categories")).toString();
        }
    }

    static final class Stage {
        String task, casePseudonym, tenant, caseType, taskType, state, assigneeRole;
        LocalDate createdOn, dueOn, assignedOn, completedOn, canceledOn;
        Integer workingDays;

        static Stage of(CaseEvent e) {
            Stage s = new Stage();
            s.task = e.text("task").orElseThrow();
            s.casePseudonym = e.casePseudonym();
            s.tenant = e.tenant();
            s.caseType = e.caseType();
            s.taskType = e.text("taskType").orElseThrow();
            s.state = "OPEN";
            s.createdOn = e.occurredOn();
            s.dueOn = e.date("dueOn").orElse(null);
            return s;
        }

        void apply(EventType type, CaseEvent e, LocalDate on, WorkingDays days) {
            switch (type) {
                case TASK_ASSIGNED -> {
                    if (state.equals("OPEN") || state.equals("ASSIGNED")) {
                        state = "ASSIGNED";
                        assignedOn = assignedOn == null ? on : assignedOn;
                        assigneeRole = code(e, "assigneeRole");
                    }
                }
                case TASK_UNASSIGNED -> {
                    if (state.equals("ASSIGNED")) {
                        state = "OPEN";
                    }
                }
                case TASK_COMPLETED -> {
                    state = "COMPLETED";
                    completedOn = on;
                    workingDays = days.between(createdOn, on);
                }
                case TASK_CANCELED -> {
                    if (!state.equals("COMPLETED")) {
                        state = "CANCELED";
                        canceledOn = on;
                    }
                }
                default -> {
                    // created: the row itself
                }
            }
        }
    }

    static final class Deadline {
        String casePseudonym, timescale, tenant, caseType, state;
        LocalDate dueOn, setOn, closedOn;
        Integer daysEarly;

        static String key(CaseEvent e) {
            return e.casePseudonym() + "|" + e.text("timescale").orElseThrow() + "|" + e.date("dueOn").orElseThrow();
        }

        static Deadline of(CaseEvent e, EventType type, LocalDate on) {
            Deadline d = new Deadline();
            d.casePseudonym = e.casePseudonym();
            d.timescale = e.text("timescale").orElseThrow();
            d.dueOn = e.date("dueOn").orElseThrow();
            d.tenant = e.tenant();
            d.caseType = e.caseType();
            d.state = "OPEN";
            d.setOn = type == EventType.DEADLINE_SET ? on : null;
            return d;
        }

        /** Only an open deadline changes: a breach is final, so a later "met" cannot make a late step look on time. */
        void apply(EventType type, CaseEvent e, LocalDate on, WorkingDays days) {
            String next = switch (type) {
                case DEADLINE_MET -> "MET";
                case DEADLINE_BREACHED -> "BREACHED";
                case DEADLINE_LAPSED -> "LAPSED";
                default -> null;
            };
            if (next != null && state.equals("OPEN")) {
                state = next;
                closedOn = on;
                daysEarly = type == EventType.DEADLINE_MET ? days.between(on, dueOn) : null;
            }
        }
    }

    static Map<String, Summary> loadSummaries(JdbcTemplate jdbc, int version, Set<String> cases) {
        Map<String, Summary> out = new LinkedHashMap<>();
        jdbc.query(con -> ProjectionBatch.withKeys(con, "SELECT * FROM case_summary WHERE projection_version = ? "
                + "AND case_pseudonym = ANY(?)", version, cases), rs -> {
            Summary s = new Summary();
            s.casePseudonym = rs.getString("case_pseudonym");
            s.tenant = rs.getString("tenant");
            s.caseType = rs.getString("case_type");
            s.processVersion = rs.getString("process_version");
            s.referralKind = rs.getString("referral_kind");
            s.channel = rs.getString("channel");
            s.triggerDate = day(rs, "trigger_date");
            s.openedOn = day(rs, "opened_on");
            s.ageBand = rs.getString("age_band");
            s.categories = rs.getString("categories");
            s.closedOn = day(rs, "closed_on");
            s.closureReason = rs.getString("closure_reason");
            s.imported = rs.getBoolean("imported");
            out.put(s.casePseudonym, s);
        });
        return out;
    }

    static Map<String, Stage> loadStages(JdbcTemplate jdbc, int version, Set<String> tasks) {
        Map<String, Stage> out = new LinkedHashMap<>();
        jdbc.query(con -> ProjectionBatch.withKeys(con, "SELECT * FROM stage WHERE projection_version = ? "
                + "AND task = ANY(?)", version, tasks), rs -> {
            Stage s = new Stage();
            s.task = rs.getString("task");
            s.casePseudonym = rs.getString("case_pseudonym");
            s.tenant = rs.getString("tenant");
            s.caseType = rs.getString("case_type");
            s.taskType = rs.getString("task_type");
            s.state = rs.getString("state");
            s.createdOn = day(rs, "created_on");
            s.dueOn = day(rs, "due_on");
            s.assignedOn = day(rs, "assigned_on");
            s.assigneeRole = rs.getString("assignee_role");
            s.completedOn = day(rs, "completed_on");
            s.canceledOn = day(rs, "canceled_on");
            s.workingDays = (Integer) rs.getObject("working_days");
            out.put(s.task, s);
        });
        return out;
    }

    static Map<String, Deadline> loadDeadlines(JdbcTemplate jdbc, int version, Set<String> cases) {
        Map<String, Deadline> out = new LinkedHashMap<>();
        jdbc.query(con -> ProjectionBatch.withKeys(con, "SELECT * FROM deadline WHERE projection_version = ? "
                + "AND case_pseudonym = ANY(?)", version, cases), rs -> {
            Deadline d = new Deadline();
            d.casePseudonym = rs.getString("case_pseudonym");
            d.timescale = rs.getString("timescale");
            d.dueOn = day(rs, "due_on");
            d.tenant = rs.getString("tenant");
            d.caseType = rs.getString("case_type");
            d.state = rs.getString("state");
            d.setOn = day(rs, "set_on");
            d.closedOn = day(rs, "closed_on");
            d.daysEarly = (Integer) rs.getObject("days_early");
            out.put(d.casePseudonym + "|" + d.timescale + "|" + d.dueOn, d);
        });
        return out;
    }

    static void write(JdbcTemplate jdbc, int version, Collection<Object> touched) {
        List<Object[]> summaries = new ArrayList<>();
        List<Object[]> stages = new ArrayList<>();
        List<Object[]> deadlines = new ArrayList<>();
        for (Object row : touched) {
            if (row instanceof Summary s) {
                summaries.add(new Object[]{version, s.casePseudonym, s.tenant, s.caseType, s.processVersion,
                        s.referralKind, s.channel, d(s.triggerDate), d(s.openedOn), s.ageBand, s.categories,
                        d(s.closedOn), s.closureReason, s.imported});
            } else if (row instanceof Stage s) {
                stages.add(new Object[]{version, s.task, s.casePseudonym, s.tenant, s.caseType, s.taskType, s.state,
                        d(s.createdOn), d(s.dueOn), d(s.assignedOn), s.assigneeRole, d(s.completedOn),
                        d(s.canceledOn), s.workingDays});
            } else if (row instanceof Deadline x) {
                deadlines.add(new Object[]{version, x.casePseudonym, x.timescale, d(x.dueOn), x.tenant, x.caseType,
                        x.state, d(x.setOn), d(x.closedOn), x.daysEarly});
            }
        }
        if (!summaries.isEmpty()) {
            jdbc.batchUpdate("INSERT INTO case_summary (projection_version, case_pseudonym, tenant, case_type, "
                    + "process_version, referral_kind, channel, trigger_date, opened_on, age_band, categories, closed_on, "
                    + "closure_reason, imported) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?) "
                    + "ON CONFLICT (projection_version, case_pseudonym) DO UPDATE SET referral_kind = EXCLUDED.referral_kind, "
                    + "channel = EXCLUDED.channel, trigger_date = EXCLUDED.trigger_date, opened_on = EXCLUDED.opened_on, "
                    + "age_band = EXCLUDED.age_band, categories = EXCLUDED.categories, closed_on = EXCLUDED.closed_on, "
                    + "closure_reason = EXCLUDED.closure_reason, imported = EXCLUDED.imported", summaries);
        }
        if (!stages.isEmpty()) {
            jdbc.batchUpdate("INSERT INTO stage (projection_version, task, case_pseudonym, tenant, case_type, task_type, "
                    + "state, created_on, due_on, assigned_on, assignee_role, completed_on, canceled_on, working_days) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (projection_version, task) DO UPDATE "
                    + "SET state = EXCLUDED.state, assigned_on = EXCLUDED.assigned_on, assignee_role = EXCLUDED.assignee_role, "
                    + "completed_on = EXCLUDED.completed_on, canceled_on = EXCLUDED.canceled_on, "
                    + "working_days = EXCLUDED.working_days", stages);
        }
        if (!deadlines.isEmpty()) {
            jdbc.batchUpdate("INSERT INTO deadline (projection_version, case_pseudonym, timescale, due_on, tenant, "
                    + "case_type, state, set_on, closed_on, days_early) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                    + "ON CONFLICT (projection_version, case_pseudonym, timescale, due_on) DO UPDATE SET "
                    + "state = EXCLUDED.state, closed_on = EXCLUDED.closed_on, days_early = EXCLUDED.days_early", deadlines);
        }
    }

    private static java.sql.Date d(LocalDate date) {
        return ProjectionBatch.day(date);
    }

    private static LocalDate day(ResultSet rs, String column) throws SQLException {
        java.sql.Date d = rs.getDate(column);
        return d == null ? null : d.toLocalDate();
    }
}
