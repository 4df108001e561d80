package org.opensafeguarding.workflow.tasklist;

import com.fasterxml.jackson.databind.JsonNode;
import org.opensafeguarding.calendar.DeadlineCalculator;
import org.opensafeguarding.calendar.WorkingDayCalendar;
import org.opensafeguarding.workflow.tasklist.TaskForm.Field;
import org.opensafeguarding.workflow.tasklist.TasklistException.FormViolation;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The dates a form records. Each date field of a form says what it is in its custom property {@code dateKind}
 * (set by {@code bpmn/tools/forms.py}; a test fails for a date field of {@code bpmn/forms} without it):
 *
 * <ul>
 *   <li>{@code happened}: a <b>business date</b>, the day something was done (meeting held, decision made, report
 *       received). Not after today (Europe/London), not before the case began (its trigger date: the referral
 *       received, the death, the incident). It decides whether the task's deadlines were met (the latest business
 *       date of the form, see {@link #doneOn}) and goes on {@code task.completed}.</li>
 *   <li>{@code planned}: a day set for later (a meeting arranged, a publication planned, a due date agreed). Not
 *       before the case began, and inside the bank-holiday calendar, since a worker counts working days from it.</li>
 * </ul>
 *
 * A date field whose property {@code notBefore} names another date field of the form may not precede it. Dates are
 * compared as days; a date-time is taken as its day in London.
 */
final class BusinessDates {

    static final String HAPPENED = "happened";
    static final String PLANNED = "planned";
    static final Set<String> KINDS = Set.of(HAPPENED, PLANNED);

    private static final WorkingDayCalendar CALENDAR = WorkingDayCalendar.englandAndWales();

    /** What the case and the clock bound a form's dates by. */
    record Bounds(LocalDate caseBegan, LocalDate today) {
    }

    private BusinessDates() {
    }

    /**
     * @param skip fields already refused by the form's own rules (a date that is not a date is not checked again)
     */
    static List<FormViolation> check(TaskForm form, TaskSubmission submission, Bounds bounds, Set<String> skip) {
        List<FormViolation> problems = new ArrayList<>();
        Map<String, LocalDate> given = dates(form, submission, skip);
        given.forEach((key, day) -> {
            Field field = form.fields().get(key);
            if (HAPPENED.equals(field.dateKind()) && day.isAfter(bounds.today())) {
                problems.add(new FormViolation(key, "not-in-future", key + " records when something happened: it "
                        + "cannot be after today (Europe/London)"));
            }
            if (KINDS.contains(field.dateKind()) && day.isBefore(bounds.caseBegan())) {
                problems.add(new FormViolation(key, "not-before-case", key + " cannot be before the case began (the"
                        + " date its referral, death or incident is recorded under)"));
            }
            if (PLANNED.equals(field.dateKind()) && !CALENDAR.supports(day)) {
                problems.add(new FormViolation(key, "calendar-range", key + " must be between "
                        + CALENDAR.firstSupportedDate() + " and " + CALENDAR.lastSupportedDate()
                        + ", the days the bank-holiday calendar covers"));
            }
            String earlier = field.notBefore();
            if (earlier != null && given.containsKey(earlier) && day.isBefore(given.get(earlier))) {
                problems.add(new FormViolation(key, "date-order", key + " cannot be before " + earlier));
            }
        });
        return problems;
    }

    /** The business dates given on the form, by field key in form order: what {@code task.completed} carries. */
    static Map<String, LocalDate> happened(TaskForm form, TaskSubmission submission) {
        Map<String, LocalDate> out = new LinkedHashMap<>();
        dates(form, submission, Set.of()).forEach((key, day) -> {
            if (HAPPENED.equals(form.fields().get(key).dateKind())) {
                out.put(key, day);
            }
        });
        return out;
    }

    /**
     * The day the task's work was done, when the form records it: its latest business date (a step is done when
     * the last thing it records has happened). Empty for a form without one: the completion's own day counts then.
     */
    static Optional<LocalDate> doneOn(TaskForm form, TaskSubmission submission) {
        return form == null ? Optional.empty()
                : happened(form, submission).values().stream().max(LocalDate::compareTo);
    }

    private static Map<String, LocalDate> dates(TaskForm form, TaskSubmission submission, Set<String> skip) {
        Map<String, LocalDate> out = new LinkedHashMap<>();
        for (Field field : form.fields().values()) {
            if (!field.date() || skip.contains(field.key()) || "time".equals(field.subtype())) {
                continue;
            }
            JsonNode value = submission.value(field.key());
            if (value != null && value.isTextual()) {
                day(value.asText()).ifPresent(day -> out.put(field.key(), day));
            }
        }
        return out;
    }

    private static Optional<LocalDate> day(String text) {
        try {
            if (text.length() == 10) {
                return Optional.of(LocalDate.parse(text));
            }
            try {
                return Optional.of(OffsetDateTime.parse(text).atZoneSameInstant(DeadlineCalculator.LONDON).toLocalDate());
            } catch (DateTimeException notOffset) {
                return Optional.of(LocalDateTime.parse(text).toLocalDate());
            }
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }
}
