package org.opensafeguarding.workflow.deadlines;

import org.opensafeguarding.calendar.DateOutOfCalendarRangeException;
import org.opensafeguarding.calendar.DeadlineCalculator;
import org.opensafeguarding.calendar.StatutoryTimescale;
import org.opensafeguarding.calendar.Timescale;
import org.opensafeguarding.calendar.TimescaleKind;
import org.opensafeguarding.calendar.TimescaleUnit;
import org.opensafeguarding.workflow.casefile.InvalidCaseDataException;
import org.opensafeguarding.workflow.tenancy.TenantConfig;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns a {@code deadline.compute} step (docs/processes.md §1.3) into due date-times with the working-day calendar:
 * no database, no engine, so every rule can be tested on its own.
 *
 * <p>Each breachable deadline has two instants, named apart so that one is never shown as the other:
 * <b>due</b> ({@code due<ID>}), the last instant on time, which the task's due date, the {@code case_deadline} row
 * and every {@code deadline.*} event show (23:59:59 London on the last day on time for day-based units, so it reads
 * as that day; to the second for hours); and <b>breachAt</b> ({@code breachAt<ID>}), the first late instant, which
 * only the boundary timers read. {@code breachAt = due + 1 s} ({@link DeadlineCalculator#due}).
 *
 * <ul>
 *   <li>{@code WITHIN} timescales: breachAt is {@link DeadlineCalculator#breachAt}.</li>
 *   <li>"before" timescales ({@link #COUNT_BACK}, R4: advance copy at least 7 WD before publication): counted back
 *       from the clock start (the planned publication): breachAt is the first instant at which sending is too
 *       late.</li>
 *   <li>other minimum periods (T6, R5: keep the report online at least 12 months): the earliest allowed instant.
 *       They cannot be breached, so they are not {@link Planned#breachable()} and are not recorded as deadlines.</li>
 * </ul>
 */
public final class DeadlinePlanner {

    /** Header value of {@code clockStart} meaning "the moment this job runs". */
    public static final String NOW = "now";

    /** Model ids that name a registry entry differently (the registry splits L8b into three named targets). */
    static final Map<String, String> REGISTRY_ALIASES = Map.of("L8B1", "L8b-1m", "L8B3", "L8b-3m", "L8B12", "L8b-12m");

    /** "At least n before X" timescales whose clock start is the later event, so they count backwards. */
    static final Set<String> COUNT_BACK = Set.of("R4");

    public static final DateTimeFormatter FORMAT = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

    private final DeadlineCalculator calculator;

    public DeadlinePlanner(DeadlineCalculator calculator) {
        this.calculator = calculator;
    }

    /**
     * The headers of a {@code deadline.compute} task.
     *
     * @param clockStart          the variable holding the clock start, or {@link #NOW}
     * @param clockStartOverrides per timescale id, a different clock-start variable
     * @param resultVariable      the variable to write when it is not {@code due<ID>}; only with one id
     */
    public record Request(List<String> timescaleIds, String clockStart, Map<String, String> clockStartOverrides,
                          String resultVariable, Map<String, String> conditions, Map<String, String> clockStops) {

        /** @throws InvalidCaseDataException naming the header and the rule */
        public static Request fromHeaders(Map<String, String> headers) {
            String ids = headers.get("timescaleIds");
            if (ids == null || ids.isBlank()) {
                throw new InvalidCaseDataException("header timescaleIds: missing; deadline.compute needs the timescale ids to compute");
            }
            List<String> timescaleIds = Arrays.stream(ids.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
            String clockStart = headers.get("clockStart");
            if (clockStart == null || clockStart.isBlank()) {
                throw new InvalidCaseDataException("header clockStart: missing; name the clock-start variable or 'now'");
            }
            Map<String, String> overrides = new LinkedHashMap<>();
            String text = headers.get("clockStartOverrides");
            if (text != null && !text.isBlank()) {
                for (String pair : text.split(",")) {
                    String[] kv = pair.split("=", 2);
                    if (kv.length != 2 || kv[0].isBlank() || kv[1].isBlank()) {
                        throw new InvalidCaseDataException("header clockStartOverrides: '" + pair.trim()
                                + "' is not <timescale id>=<variable>");
                    }
                    String id = kv[0].trim();
                    if (timescaleIds.stream().noneMatch(t -> t.equalsIgnoreCase(id))) {
                        throw new InvalidCaseDataException("header clockStartOverrides: " + id
                                + " is not one of the timescaleIds " + timescaleIds);
                    }
                    overrides.put(id.toUpperCase(Locale.ROOT), kv[1].trim());
                }
            }
            Map<String, String> conditions = pairs(headers, "owedWhen", timescaleIds);
            Map<String, String> stops = pairs(headers, "clockStops", timescaleIds);
            String result = headers.get("resultVariable");
            if (result != null && !result.isBlank() && timescaleIds.size() != 1) {
                throw new InvalidCaseDataException("header resultVariable: only allowed with exactly one timescale id, not "
                        + timescaleIds);
            }
            return new Request(timescaleIds, clockStart.trim(), Map.copyOf(overrides),
                    result == null || result.isBlank() ? null : result.trim(), conditions, stops);
        }

        /** {@code <timescale id>=<variable>,...}, keyed by the upper-case id. */
        private static Map<String, String> pairs(Map<String, String> headers, String header, List<String> ids) {
            Map<String, String> out = new LinkedHashMap<>();
            String text = headers.get(header);
            if (text == null || text.isBlank()) {
                return Map.of();
            }
            for (String pair : text.split(",")) {
                String[] kv = pair.split("=", 2);
                if (kv.length != 2 || kv[0].isBlank() || kv[1].isBlank()) {
                    throw new InvalidCaseDataException("header " + header + ": '" + pair.trim()
                            + "' is not <timescale id>=<variable>");
                }
                String id = kv[0].trim();
                if (ids.stream().noneMatch(t -> t.equalsIgnoreCase(id))) {
                    throw new InvalidCaseDataException("header " + header + ": " + id + " is not one of the timescaleIds "
                            + ids);
                }
                out.put(id.toUpperCase(Locale.ROOT), kv[1].trim());
            }
            return Map.copyOf(out);
        }

        /** The boolean variable that says whether the law owes this deadline on this case, or null: always owed. */
        String conditionFor(String timescaleId) {
            return conditions.get(timescaleId.toUpperCase(Locale.ROOT));
        }

        /** The variable holding the moment the duty was done when it is known at once (L1, C1), or null. */
        String clockStopFor(String timescaleId) {
            return clockStops.get(timescaleId.toUpperCase(Locale.ROOT));
        }

        String clockStartFor(String timescaleId) {
            return clockStartOverrides.getOrDefault(timescaleId.toUpperCase(Locale.ROOT), clockStart);
        }

        boolean overridden(String timescaleId) {
            return clockStartOverrides.containsKey(timescaleId.toUpperCase(Locale.ROOT));
        }
    }

    /**
     * One computed due date.
     *
     * @param variable   the process variable the due date goes into ({@code due<ID>} or the result variable)
     * @param clockStart null when the deadline is not owed: an optional clock start is not set, or the condition
     *                   the law sets for it does not hold (the due date is then null too, and nothing is recorded)
     * @param due        the last instant on time, London time (for a minimum period: the earliest allowed instant)
     * @param breachAt   the first late instant, what the boundary timer fires on; null when not breachable
     * @param breachable a timer can fire on it: recorded in {@code case_deadline} with a {@code deadline.set} event
     * @param dueOn      the day shown on tasks, letters and events: the London date of {@code due}
     * @param stoppedAt  when the duty was already done at computation (L1, C1), else null
     */
    public record Planned(String timescaleId, String variable, Instant clockStart, ZonedDateTime due,
                          ZonedDateTime breachAt, boolean breachable, LocalDate dueOn, Instant stoppedAt) {

        static Planned notOwed(String timescaleId, String variable) {
            return new Planned(timescaleId, variable, null, null, null, false, null, null);
        }

        /** ISO 8601 with offset, e.g. {@code 2013-04-08T23:59:59+01:00}: the task due date, what {@code due<ID>} holds. */
        public String dueText() {
            return due == null ? null : FORMAT.format(due);
        }

        /** ISO 8601 with offset, e.g. {@code 2013-04-09T00:00:00+01:00}: what the breach timer's {@code timeDate} reads. */
        public String breachAtText() {
            return breachAt == null ? null : FORMAT.format(breachAt);
        }

        /** The variable the breach instant goes into: {@code dueL2a} → {@code breachAtL2a}. */
        public String breachVariable() {
            return breachVariableOf(variable);
        }

        /** True when the duty was done by its due date, judged at computation (L1, C1). */
        public boolean metAtOnce() {
            return stoppedAt != null && breachAt != null && stoppedAt.isBefore(breachAt.toInstant());
        }
    }

    /** {@code dueL2a} → {@code breachAtL2a}; {@code duePoliceReview} → {@code breachAtPoliceReview}. */
    public static String breachVariableOf(String dueVariable) {
        return dueVariable.startsWith("due") && dueVariable.length() > 3 && Character.isUpperCase(dueVariable.charAt(3))
                ? "breachAt" + dueVariable.substring(3) : dueVariable + "BreachAt";
    }

    /**
     * @param variables the job's variables (clock starts are read from them)
     * @param now       the moment the job runs, for {@code clockStart=now}
     * @throws InvalidCaseDataException for an unknown timescale, a missing or malformed clock start, or a date the
     *                                  calendar has no bank holidays for
     */
    public List<Planned> plan(Request request, TenantConfig tenant, Map<String, Object> variables, Instant now) {
        List<Planned> out = new ArrayList<>();
        for (String id : request.timescaleIds()) {
            Resolved timescale = resolve(id, tenant);
            String variable = request.resultVariable() != null ? request.resultVariable() : "due" + id;
            if (!owed(request, id, variables)) {
                out.add(Planned.notOwed(id, variable));
                continue;
            }
            String startVariable = request.clockStartFor(id);
            Instant start;
            if (NOW.equals(startVariable)) {
                start = now;
            } else {
                Object value = variables.get(startVariable);
                if (value == null) {
                    if (request.overridden(id)) {
                        // an optional clock start (e.g. allegationReportedAt): the model checks "due != null"
                        out.add(Planned.notOwed(id, variable));
                        continue;
                    }
                    throw new InvalidCaseDataException(startVariable + ": missing; it is the clock start of " + id
                            + " (header clockStart) and must be an ISO 8601 date or date-time");
                }
                start = parseInstant(startVariable, value);
            }
            String stopVariable = request.clockStopFor(id);
            Instant stop = stopVariable == null || variables.get(stopVariable) == null ? null
                    : parseInstant(stopVariable, variables.get(stopVariable));
            try {
                out.add(plan(id, variable, timescale, start, stop));
            } catch (DateOutOfCalendarRangeException e) {
                throw new InvalidCaseDataException(startVariable + ": " + id + " cannot be computed from " + start
                        + ": " + e.getMessage());
            }
        }
        return out;
    }

    /**
     * @throws InvalidCaseDataException when the condition variable is not a boolean: the model computes it (an input
     *                                  mapping on the task), so anything else is a model error
     */
    private static boolean owed(Request request, String id, Map<String, Object> variables) {
        String condition = request.conditionFor(id);
        if (condition == null) {
            return true;
        }
        Object value = variables.get(condition);
        if (!(value instanceof Boolean owed)) {
            throw new InvalidCaseDataException(condition + ": must be true or false; it says whether " + id
                    + " is owed on this case (header owedWhen)");
        }
        return owed;
    }

    private Planned plan(String id, String variable, Resolved resolved, Instant start, Instant stop) {
        Timescale t = resolved.timescale();
        ZonedDateTime startAt = start.atZone(DeadlineCalculator.LONDON);
        if (resolved.kind() == TimescaleKind.WITHIN) {
            ZonedDateTime breachAt = calculator.breachAt(startAt, t);
            return breachable(id, variable, start, breachAt, stop);
        }
        if (COUNT_BACK.contains(id.toUpperCase(Locale.ROOT))) {
            return breachable(id, variable, start, countBack(startAt, t), stop);
        }
        ZonedDateTime earliest = calculator.earliestAllowed(startAt, t);
        return new Planned(id, variable, start, earliest, null, false, earliest.toLocalDate(), null);
    }

    private static Planned breachable(String id, String variable, Instant start, ZonedDateTime breachAt, Instant stop) {
        ZonedDateTime due = DeadlineCalculator.dueBefore(breachAt);
        return new Planned(id, variable, start, due, breachAt.withZoneSameInstant(DeadlineCalculator.LONDON), true,
                due.toLocalDate(), stop);
    }

    /**
     * The first instant at which the action is too late for "at least n before {@code end}": sending on day X
     * allows the later event from {@code earliestAllowed(X)}, so the last day on time is the latest X with
     * {@code earliestAllowed(X) <= end}.
     */
    private ZonedDateTime countBack(ZonedDateTime end, Timescale t) {
        if (t.unit() == TimescaleUnit.HOURS) {
            return end.minus(Duration.ofHours(t.amount()));
        }
        LocalDate endDay = end.toLocalDate();
        LocalDate lastDay = switch (t.unit()) {
            case WORKING_DAYS -> {
                var calendar = calculator.calendar();
                LocalDate lastWorkingDay = calendar.isWorkingDay(endDay) ? endDay : calendar.previousWorkingDay(endDay);
                yield calendar.addWorkingDays(lastWorkingDay, -t.amount());
            }
            case CALENDAR_DAYS -> endDay.minusDays(t.amount());
            case WEEKS -> endDay.minusWeeks(t.amount());
            case MONTHS -> endDay.minusMonths(t.amount());
            case HOURS -> throw new IllegalStateException("handled above");
        };
        return lastDay.plusDays(1).atStartOfDay(DeadlineCalculator.LONDON);
    }

    record Resolved(Timescale timescale, TimescaleKind kind) {
    }

    private static Resolved resolve(String id, TenantConfig tenant) {
        String registryId = REGISTRY_ALIASES.getOrDefault(id.toUpperCase(Locale.ROOT), id);
        Optional<StatutoryTimescale> statutory = tenant.timescales().find(registryId);
        if (statutory.isPresent()) {
            return new Resolved(statutory.get().timescale(), statutory.get().kind());
        }
        Optional<Timescale> local = tenant.localTimescale(id);
        if (local.isPresent()) {
            return new Resolved(local.get(), TimescaleKind.WITHIN);
        }
        String why = tenant.timescales().notModelled().entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase(id)).map(e -> " (" + id + " is not modelled: " + e.getValue() + ")")
                .findFirst().orElse("");
        throw new InvalidCaseDataException("header timescaleIds: unknown timescale '" + id + "'" + why
                + "; known: " + String.join(", ", tenant.timescales().ids()) + ", L8b1, L8b3, L8b12"
                + (tenant.localTimescales().isEmpty() ? "" : "; local (safeguarding.tenancy ... local-timescales): "
                + String.join(", ", tenant.localTimescales().keySet())));
    }

    /**
     * Reads a clock start: an ISO 8601 date-time with offset or zone, a local date-time (London), or a date
     * (the start of that day in London).
     */
    public static Instant parseInstant(String variable, Object value) {
        if (!(value instanceof String text) || text.isBlank()) {
            throw new InvalidCaseDataException(variable + ": must be an ISO 8601 date or date-time string, not "
                    + (value == null ? "null" : value.getClass().getSimpleName()));
        }
        String s = text.trim();
        try {
            if (s.length() == 10) {
                return LocalDate.parse(s).atStartOfDay(DeadlineCalculator.LONDON).toInstant();
            }
            try {
                return OffsetDateTime.parse(s).toInstant();
            } catch (DateTimeException e) {
                try {
                    return ZonedDateTime.parse(s).toInstant();
                } catch (DateTimeException e2) {
                    return LocalDateTime.parse(s).atZone(DeadlineCalculator.LONDON).toInstant();
                }
            }
        } catch (DateTimeException e) {
            String shown = s.length() > 40 ? s.substring(0, 40) + "..." : s;
            throw new InvalidCaseDataException(variable + ": '" + shown + "' is not an ISO 8601 date (2024-03-04) or"
                    + " date-time (2024-03-04T09:15:00Z)");
        }
    }
}
