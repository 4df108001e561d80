package org.opensafeguarding.workflow.deadlines;

import org.opensafeguarding.calendar.DeadlineCalculator;
import org.opensafeguarding.workflow.audit.AuditAction;
import org.opensafeguarding.workflow.audit.AuditLog;
import org.opensafeguarding.workflow.casefile.CaseId;
import org.opensafeguarding.workflow.casefile.CaseRecord;
import org.opensafeguarding.workflow.casefile.InvalidCaseDataException;
import org.opensafeguarding.workflow.events.CaseEvents;
import org.opensafeguarding.workflow.tenancy.TenantConfig;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The case's deadlines (table {@code case_deadline}, V3): set by {@code deadline.compute}, breached by
 * {@code case-event.emit}. Each change is audited and announced on the outbox in the caller's transaction.
 *
 * <p>{@code due_at} is the <b>due date</b>: the last instant on time, the same instant as the task's due date and
 * shown as the same day in every {@code deadline.*} event ({@link DeadlineCalculator#dueDay}). The breach timer fires
 * one second later ({@link DeadlineCalculator#breachAfter}); that instant is never stored or shown as a due date.
 * A deadline the law does not owe on the case (its clock-start condition does not hold) gets no row at all.
 */
@Service
public class Deadlines {

    private static final RowMapper<Deadline> ROW = (rs, n) -> new Deadline(rs.getLong("id"),
            rs.getString("timescale_id"), rs.getString("variable"), rs.getTimestamp("due_at").toInstant(),
            rs.getString("status"));

    private final DeadlinePlanner planner = new DeadlinePlanner(DeadlineCalculator.englandAndWales());
    private final JdbcClient jdbc;
    private final CaseEvents events;
    private final AuditLog audit;

    public Deadlines(JdbcClient jdbc, CaseEvents events, AuditLog audit) {
        this.jdbc = jdbc;
        this.events = events;
        this.audit = audit;
    }

    /**
     * Computes the step's due dates and records the breachable ones that are owed. The unique key (case, timescale,
     * due) makes a repeat with the same clock start a no-op: no second row, no second event. A duty already done when
     * its clock is computed (header {@code clockStops}: L1, C1) is marked MET at once when it was on time; a late one
     * stays OPEN for the model's own breach step.
     *
     * @return the variables for the engine: {@code due<ID>} (or the result variable) and, for breachable ones, its
     *         {@code breachAt<ID>}, per timescale; null when not owed (an optional clock start not set, or the
     *         condition in header {@code owedWhen} false)
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Map<String, Object> compute(CaseRecord c, DeadlinePlanner.Request request, TenantConfig tenant,
                                       Map<String, Object> variables, Instant now, String actor) {
        Map<String, Object> result = new LinkedHashMap<>();
        for (DeadlinePlanner.Planned p : planner.plan(request, tenant, variables, now)) {
            result.put(p.variable(), p.dueText());
            if (p.breachable() || p.clockStart() == null) {
                result.put(p.breachVariable(), p.breachAtText());
            }
            if (p.breachable() && insert(c.id(), p.timescaleId(), p.variable(), p.clockStart(), p.due(), now)) {
                events.deadlineSet(c.id(), p.timescaleId(), p.dueOn());
                Map<String, Object> detail = new LinkedHashMap<>();
                detail.put("change", "deadline-set");
                detail.put("timescale", p.timescaleId());
                detail.put("variable", p.variable());
                detail.put("clockStart", p.clockStart().toString());
                detail.put("dueAt", p.dueText());
                audit.record(actor, AuditAction.UPDATE, "case", c.id().toString(), detail);
                if (p.metAtOnce()) {
                    metAtOnce(c.id(), p, now, actor);
                }
            }
        }
        return result;
    }

    /** The duty was done before its clock was computed (L1: the referral itself is the report), and on time. */
    private void metAtOnce(CaseId caseId, DeadlinePlanner.Planned p, Instant now, String actor) {
        int updated = jdbc.sql("""
                UPDATE case_deadline SET status = 'MET', resolved_at = :at
                WHERE case_id = :caseId AND timescale_id = :timescale AND due_at = :due AND status = 'OPEN'
                """)
                .param("at", Timestamp.from(now))
                .param("caseId", caseId.value())
                .param("timescale", p.timescaleId())
                .param("due", Timestamp.from(p.due().toInstant()))
                .update();
        if (updated == 1) {
            events.deadlineMet(caseId, p.timescaleId(), p.dueOn());
            audit.record(actor, AuditAction.UPDATE, "case", caseId.toString(), Map.of("change", "deadline-met",
                    "timescale", p.timescaleId(), "dueAt", p.dueText(), "stoppedAt", p.stoppedAt().toString()));
        }
    }

    /**
     * Records a deadline whose due date a person set on a form instead of the calendar (the IMR date in the SCR
     * terms of reference), so that the breach its boundary timer emits finds a row, with {@code deadline.set}. The
     * unique key (case, timescale, due) makes the same date again (another agency, a repeated job) a no-op.
     *
     * @param breachAt the first instant that is late (what the model's timer fires on); the row and the event get
     *                 the due date one second before it
     * @return true when recorded by this call
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean recordGiven(CaseId caseId, String timescaleId, String variable, Instant clockStart,
                               ZonedDateTime breachAt, Instant now, String actor) {
        ZonedDateTime due = DeadlineCalculator.dueBefore(breachAt);
        boolean inserted = insert(caseId, timescaleId, variable, clockStart, due, now);
        if (inserted) {
            events.deadlineSet(caseId, timescaleId, due.toLocalDate());
            audit.record(actor, AuditAction.UPDATE, "case", caseId.toString(), Map.of("change", "deadline-set",
                    "timescale", timescaleId, "variable", variable, "dueAt", due.toInstant().toString()));
        }
        return inserted;
    }

    /** Inserts an OPEN deadline; false when (case, timescale, due) is recorded already. */
    private boolean insert(CaseId caseId, String timescaleId, String variable, Instant clockStart, ZonedDateTime due,
                           Instant now) {
        return jdbc.sql("""
                INSERT INTO case_deadline (case_id, timescale_id, variable, clock_start, due_at, status, set_at)
                VALUES (:caseId, :timescale, :variable, :clockStart, :dueAt, 'OPEN', :setAt)
                ON CONFLICT ON CONSTRAINT case_deadline_once DO NOTHING
                """)
                .param("caseId", caseId.value())
                .param("timescale", timescaleId)
                .param("variable", variable)
                .param("clockStart", Timestamp.from(clockStart))
                .param("dueAt", Timestamp.from(due.toInstant()))
                .param("setAt", Timestamp.from(now))
                .update() == 1;
    }

    /**
     * At case closure: every deadline still OPEN becomes LAPSED, with {@code deadline.lapsed}. Such a deadline was
     * neither met nor breached through the model (its step was not needed on this path, or nothing marks it met),
     * and left OPEN it would count as running for ever.
     *
     * @return how many lapsed
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public int lapseOpen(CaseId caseId, Instant now, String actor) {
        List<Deadline> lapsed = jdbc.sql("""
                UPDATE case_deadline SET status = 'LAPSED', resolved_at = :at
                WHERE case_id = :caseId AND status = 'OPEN'
                RETURNING id, timescale_id, variable, due_at, status
                """)
                .param("at", Timestamp.from(now))
                .param("caseId", caseId.value())
                .query(ROW)
                .list();
        for (Deadline d : lapsed) {
            events.deadlineLapsed(caseId, d.timescaleId(), DeadlineCalculator.dueDay(d.dueAt()));
            audit.record(actor, AuditAction.UPDATE, "case", caseId.toString(), Map.of("change", "deadline-lapsed",
                    "timescale", d.timescaleId(), "dueAt", d.dueAt().toString()));
        }
        return lapsed.size();
    }

    /**
     * A row of {@code case_deadline}.
     *
     * @param dueAt the due date: the last instant on time
     */
    public record Deadline(long id, String timescaleId, String variable, Instant dueAt, String status) {

        /** The day the due date is shown as. */
        public LocalDate dueOn() {
            return DeadlineCalculator.dueDay(dueAt);
        }

        /** The first late instant, when the model's timer fires. */
        public Instant breachAt() {
            return DeadlineCalculator.breachAfter(dueAt);
        }
    }

    /**
     * Marks the deadline a boundary timer (or a check such as L1) found passed as BREACHED and emits
     * {@code deadline.breached}. The row is the open one of this timescale, or of another timescale whose due date
     * goes into the same variable (L3/L3a share {@code duePoliceReview}, L5/L6c {@code dueHearing}); where there are
     * several, the one whose due date is the variable's current value, otherwise the latest already passed.
     *
     * @return the breached deadline; empty when it had already been marked (a repeated job): nothing changes then
     * @throws InvalidCaseDataException when no deadline of this timescale was ever recorded for the case
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Optional<Deadline> breach(CaseId caseId, String timescaleId, Map<String, Object> variables, Instant now,
                                     String actor) {
        List<Deadline> family = jdbc.sql("""
                SELECT id, timescale_id, variable, due_at, status FROM case_deadline
                WHERE case_id = :caseId AND (timescale_id = :timescale OR variable IN (
                    SELECT variable FROM case_deadline WHERE case_id = :caseId AND timescale_id = :timescale))
                ORDER BY due_at
                """)
                .param("caseId", caseId.value())
                .param("timescale", timescaleId)
                .query(ROW)
                .list();
        if (family.isEmpty()) {
            throw new InvalidCaseDataException("timescaleId " + timescaleId + ": no deadline was recorded for case "
                    + caseId + ", so its breach cannot be recorded (was deadline.compute run for it?)");
        }
        List<Deadline> open = family.stream().filter(d -> "OPEN".equals(d.status())).toList();
        Optional<Deadline> chosen = open.stream().filter(d -> matchesVariable(d, variables)).reduce((a, b) -> b)
                .or(() -> open.stream().filter(d -> !d.dueAt().isAfter(now)).max(Comparator.comparing(Deadline::dueAt)))
                .or(() -> open.stream().max(Comparator.comparing(Deadline::dueAt)));
        if (chosen.isEmpty()) {
            return Optional.empty();
        }
        Deadline d = chosen.get();
        int updated = jdbc.sql("""
                UPDATE case_deadline SET status = 'BREACHED', resolved_at = :at WHERE id = :id AND status = 'OPEN'
                """)
                .param("at", Timestamp.from(now))
                .param("id", d.id())
                .update();
        if (updated == 0) {
            return Optional.empty();
        }
        LocalDate dueOn = DeadlineCalculator.dueDay(d.dueAt());
        events.deadlineBreached(caseId, d.timescaleId(), dueOn);
        audit.record(actor, AuditAction.UPDATE, "case", caseId.toString(), Map.of("change", "deadline-breached",
                "timescale", d.timescaleId(), "dueAt", d.dueAt().toString()));
        return Optional.of(new Deadline(d.id(), d.timescaleId(), d.variable(), d.dueAt(), "BREACHED"));
    }

    private static boolean matchesVariable(Deadline d, Map<String, Object> variables) {
        Object value = variables.get(d.variable());
        if (value == null) {
            return false;
        }
        try {
            return Objects.equals(DeadlinePlanner.parseInstant(d.variable(), value), d.dueAt());
        } catch (InvalidCaseDataException e) {
            return false;
        }
    }

    /** The case's deadlines, oldest due first. */
    public List<Deadline> of(CaseId caseId) {
        return jdbc.sql("SELECT id, timescale_id, variable, due_at, status FROM case_deadline WHERE case_id = :caseId ORDER BY due_at, id")
                .param("caseId", caseId.value())
                .query(ROW)
                .list();
    }
}
