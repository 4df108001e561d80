package org.opensafeguarding.workflow.tasklist;

import org.opensafeguarding.calendar.DeadlineCalculator;
import org.opensafeguarding.workflow.casefile.CaseId;
import org.opensafeguarding.workflow.events.CaseEvents;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a completion decides about the deadlines its task's due date shows (docs/tasklist.md, "Deadlines"). The
 * work was done on the form's business date when it records one (a meeting held on day 5 and recorded on day 7 was
 * held in time), else at the completion:
 *
 * <ul>
 *   <li>an OPEN deadline done in time becomes MET ({@code deadline.met}, with {@code doneOn} and
 *       {@code recordedLate} when the completion came after the due date);</li>
 *   <li>an OPEN deadline done late becomes BREACHED ({@code deadline.breached} with {@code doneOn}): completing the
 *       task ends its timer, which would otherwise never say so;</li>
 *   <li>a deadline the timer already BREACHED whose business date shows it was done in time becomes MET
 *       ({@code deadline.met} with {@code recordedLate: true}): the figures count what happened, and the later event
 *       supersedes the breach for that timescale and due day. Without a business date a breach stands.</li>
 * </ul>
 */
@Component
class CompletionDeadlines {

    /** @param timescaleId the deadline; @param status what the completion made it: MET or BREACHED */
    record Resolved(String timescaleId, String status) {
    }

    private record Row(long id, String timescaleId, Instant dueAt, String status) {
    }

    private final JdbcClient jdbc;
    private final CaseEvents caseEvents;

    CompletionDeadlines(JdbcClient jdbc, CaseEvents caseEvents) {
        this.jdbc = jdbc;
        this.caseEvents = caseEvents;
    }

    /**
     * @param due        the task's due date: the deadlines due then are the ones it shows
     * @param timescales the timescales the task's header {@code deadlineTimescales} names; empty = every one due then
     * @param doneOn     the form's business date, if it records one
     * @param now        the completion instant
     */
    @Transactional(propagation = Propagation.MANDATORY)
    List<Resolved> resolve(CaseId caseId, Instant due, List<String> timescales, Optional<LocalDate> doneOn,
                           Instant now) {
        List<Row> rows = jdbc.sql("""
                SELECT id, timescale_id, due_at, status FROM case_deadline
                WHERE case_id = :caseId AND status IN ('OPEN', 'BREACHED') AND due_at = :due
                  AND (cardinality(CAST(:timescales AS VARCHAR[])) = 0
                       OR timescale_id = ANY (CAST(:timescales AS VARCHAR[])))
                ORDER BY id FOR UPDATE
                """)
                .param("caseId", caseId.value())
                .param("due", Timestamp.from(due))
                .param("timescales", "{" + String.join(",", timescales) + "}")
                .query((rs, n) -> new Row(rs.getLong("id"), rs.getString("timescale_id"),
                        rs.getTimestamp("due_at").toInstant(), rs.getString("status")))
                .list();
        LocalDate done = doneOn.orElse(LocalDate.ofInstant(now, DeadlineCalculator.LONDON));
        boolean recordedLate = now.isAfter(due);
        List<Resolved> out = new ArrayList<>();
        for (Row row : rows) {
            // the last day on time, as deadline.set carries it (due_at is the last instant on time)
            LocalDate dueOn = DeadlineCalculator.dueDay(row.dueAt());
            boolean inTime = doneOn.isPresent() ? inTime(done, dueOn, row.dueAt(), now) : !recordedLate;
            if (inTime && (row.status().equals("OPEN") || doneOn.isPresent())) {
                update(row, "MET", now);
                caseEvents.deadlineMet(caseId, row.timescaleId(), dueOn, done, recordedLate);
                out.add(new Resolved(row.timescaleId(), "MET"));
            } else if (!inTime && row.status().equals("OPEN")) {
                update(row, "BREACHED", now);
                caseEvents.deadlineBreached(caseId, row.timescaleId(), dueOn, done);
                out.add(new Resolved(row.timescaleId(), "BREACHED"));
            }
        }
        return out;
    }

    /**
     * A business date is a day. A deadline that ends with its day (days, working days, weeks, months) was met by
     * anything done on its last day. One that ends within a day (72 hours from a time) leaves that day in doubt:
     * done on it counts in time only if also recorded by the due instant.
     */
    private static boolean inTime(LocalDate done, LocalDate dueOn, Instant dueAt, Instant now) {
        if (!done.equals(dueOn)) {
            return done.isBefore(dueOn);
        }
        return DeadlineCalculator.endsWithTheDay(dueAt) || !now.isAfter(dueAt);
    }

    private void update(Row row, String status, Instant now) {
        jdbc.sql("UPDATE case_deadline SET status = :status, resolved_at = :at WHERE id = :id")
                .param("status", status).param("at", Timestamp.from(now)).param("id", row.id()).update();
    }
}
