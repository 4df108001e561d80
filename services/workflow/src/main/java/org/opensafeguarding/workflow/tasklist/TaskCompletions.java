package org.opensafeguarding.workflow.tasklist;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.client.api.search.enums.UserTaskState;
import io.camunda.client.api.search.response.UserTask;
import org.opensafeguarding.workflow.audit.AuditAction;
import org.opensafeguarding.workflow.audit.AuditLog;
import org.opensafeguarding.workflow.casefile.CaseId;
import org.opensafeguarding.workflow.casefile.CaseRecord;
import org.opensafeguarding.workflow.casefile.CaseRepository;
import org.opensafeguarding.workflow.events.CaseEvents;
import org.opensafeguarding.workflow.tasklist.Decisions.Decision;
import org.opensafeguarding.workflow.tasklist.TasklistException.FormViolation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Completing a task: validate, record, then tell the engine.
 *
 * <ol>
 *   <li>Validate the values against the task's form; a 400 stores nothing.</li>
 *   <li>In one transaction: the completion (status PENDING, with the routing variables for the engine), the
 *       {@code record.*} notes, the decision, deadlines met, their outbox events, {@code task.completed} and the
 *       audit rows; the task becomes COMPLETING.</li>
 *   <li>Complete the task in the engine with the routing variables only.</li>
 *   <li>Mark the completion DONE and the task COMPLETED.</li>
 * </ol>
 *
 * <p>If the engine cannot be reached, the completion stays PENDING: the caller gets 202, and either the same
 * request again or the background retrier hands it to the engine later (attempts never stop). A repeat of a
 * completion (same user, same values) is idempotent. The engine answering 404/409 for a task our row says we
 * already sent counts as success, because it means an earlier attempt got through and its answer was lost.
 */
@Component
class TaskCompletions {

    private static final Logger log = LoggerFactory.getLogger(TaskCompletions.class);
    private static final ZoneId LONDON = ZoneId.of("Europe/London");
    /** Task header naming the timescale ids whose deadline the task's due date shows (docs/tasklist.md). */
    static final String DEADLINE_TIMESCALES_HEADER = "deadlineTimescales";
    private static final TypeReference<LinkedHashMap<String, Object>> VARIABLES = new TypeReference<>() {
    };
    private static final Set<UserTaskState> STILL_OPEN = Set.of(UserTaskState.CREATING, UserTaskState.CREATED,
            UserTaskState.ASSIGNING, UserTaskState.UPDATING, UserTaskState.COMPLETING);

    enum Outcome { DONE, PENDING, FAILED }

    record Result(long taskKey, CaseId caseId, Outcome outcome, boolean repeat, boolean decisionRecorded,
                  List<String> deadlinesMet) {
    }

    private record Completion(long taskKey, UUID caseId, String completedBy, String sha256, String variables,
                              String status, int attempts, String lastError) {
    }

    private final TaskMirror mirror;
    private final TaskForms forms;
    private final TaskAccess access;
    private final TaskEngine engine;
    private final CaseEvents caseEvents;
    private final AuditLog audit;
    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final ObjectMapper json;
    private final TasklistProperties properties;
    private final Clock clock;
    private final CaseRepository cases;
    private final RegimeOptions regimeOptions;
    private final CompletionDeadlines deadlines;
    private final TaskLifecycle lifecycle;
    private final RefusedCompletions refusals;

    TaskCompletions(TaskMirror mirror, TaskForms forms, TaskAccess access, TaskEngine engine, CaseEvents caseEvents,
                    AuditLog audit, JdbcClient jdbc, TransactionTemplate transactions, ObjectMapper json,
                    TasklistProperties properties, Clock clock, CaseRepository cases, RegimeOptions regimeOptions,
                    CompletionDeadlines deadlines, TaskLifecycle lifecycle, RefusedCompletions refusals) {
        this.refusals = refusals;
        this.lifecycle = lifecycle;
        this.cases = cases;
        this.regimeOptions = regimeOptions;
        this.deadlines = deadlines;
        this.mirror = mirror;
        this.forms = forms;
        this.access = access;
        this.engine = engine;
        this.caseEvents = caseEvents;
        this.audit = audit;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.json = json;
        this.properties = properties;
        this.clock = clock;
    }

    Result complete(Caller caller, long taskKey, JsonNode body) {
        TaskRow task = access.candidateTask(caller, taskKey, "complete");
        TaskSubmission submission = TaskSubmission.parse(body);
        String sha256 = submission.sha256(json);
        Optional<Completion> existing = find(taskKey);
        if (existing.isPresent()) {
            return repeat(caller, task, existing.get(), sha256);
        }
        requireCompletable(caller, task);
        TaskForm form = forms.of(task).orElse(null);
        Instant now = clock.instant();
        List<FormViolation> problems = checkAgainstFormAndCase(task, form, submission, now);
        if (!problems.isEmpty()) {
            throw new TasklistException.FormInvalid(problems);
        }
        checkEngineStillHasIt(caller, task);
        Decision decision = submission.decision() ? Decisions.of(task, form, submission) : null;
        Recorded recorded = transactions.execute(status -> record(caller, taskKey, form, submission, sha256, decision,
                now));
        if (recorded == null) {
            // another request completed it between our checks and our lock: the same rules as a repeat apply
            return repeat(caller, task, find(taskKey).orElseThrow(), sha256);
        }
        Outcome outcome = attempt(taskKey);
        return new Result(taskKey, task.caseId(), outcome, false, decision != null, recorded.deadlinesMet());
    }

    /**
     * The form's own rules, then what the case decides: option lists from its pinned regime and record, and the
     * bounds of its business dates (docs/tasklist.md, "Validation"). A value that fails the first is not checked
     * again by the others.
     */
    private List<FormViolation> checkAgainstFormAndCase(TaskRow task, TaskForm form, TaskSubmission submission,
                                                        Instant now) {
        List<FormViolation> problems = new ArrayList<>(SubmissionRules.check(form, submission));
        if (form == null) {
            return problems;
        }
        Set<String> refused = new HashSet<>();
        problems.forEach(p -> refused.add(p.field()));
        CaseRecord c = cases.require(task.caseId());
        problems.addAll(regimeOptions.check(c, form, submission, refused));
        problems.addAll(BusinessDates.check(form, submission,
                new BusinessDates.Bounds(c.triggerDate(), LocalDate.ofInstant(now, LONDON)), refused));
        return problems;
    }

    private void requireCompletable(Caller caller, TaskRow task) {
        if (task.status() != TaskStatus.OPEN) {
            throw new TasklistException.Conflict("task-not-open", "Task " + task.taskKey() + " is "
                    + task.status().name().toLowerCase() + " and cannot be completed");
        }
        if (task.assignee() != null && !task.assignee().equals(caller.userId())) {
            throw new TasklistException.Conflict("claimed-by-someone-else", "Task " + task.taskKey()
                    + " is claimed by another user; only they can complete it");
        }
    }

    /**
     * Best effort, to keep the window small in which a completion could be recorded for a task the engine has
     * already ended (an interrupting event). If the engine cannot be asked, the mirror is trusted.
     */
    private void checkEngineStillHasIt(Caller caller, TaskRow task) {
        Optional<UserTask> live;
        try {
            live = engine.task(task.taskKey());
        } catch (TaskEngine.Unreachable | TaskEngine.Rejected e) {
            log.debug("engine not asked about task {} before completing it: {}", task.taskKey(), e.getMessage());
            return;
        }
        if (live.isEmpty() || !STILL_OPEN.contains(live.get().getState())) {
            throw new TasklistException.Conflict("task-not-open", "Task " + task.taskKey()
                    + " has ended in the engine and cannot be completed");
        }
        String assignee = live.get().getAssignee();
        if (assignee != null && !assignee.isBlank() && !assignee.equals(caller.userId())) {
            throw new TasklistException.Conflict("claimed-by-someone-else", "Task " + task.taskKey()
                    + " is claimed by another user; only they can complete it");
        }
    }

    private record Recorded(List<String> deadlinesMet) {
    }

    /** @return null when the task was no longer open once locked (a concurrent completion) */
    private Recorded record(Caller caller, long taskKey, TaskForm form, TaskSubmission submission, String sha256,
                            Decision decision, Instant now) {
        TaskRow task = mirror.lock(taskKey).orElseThrow(() -> new TasklistException.NotFound(taskKey));
        if (task.status() == TaskStatus.COMPLETING || task.status() == TaskStatus.COMPLETED) {
            return null;
        }
        requireCompletable(caller, task);
        CaseId caseId = task.caseId();
        String variables;
        try {
            variables = json.writeValueAsString(submission.engineVariables(json));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("form values are not serialisable", e);
        }
        int inserted = jdbc.sql("""
                INSERT INTO task_completion (task_key, case_id, completed_by, submitted_at, request_sha256, variables,
                                             status, attempts, leased_until)
                VALUES (:key, :caseId, :user, :at, :sha, CAST(:variables AS JSONB), 'PENDING', 1, :leaseEnd)
                ON CONFLICT (task_key) DO NOTHING
                """)
                .param("key", taskKey)
                .param("caseId", caseId.value())
                .param("user", caller.userId())
                .param("at", Timestamp.from(now))
                .param("sha", sha256)
                .param("variables", variables)
                .param("leaseEnd", Timestamp.from(now.plus(properties.lease())))
                .update();
        if (inserted == 0) {
            return null;
        }
        mirror.setStatus(taskKey, TaskStatus.COMPLETING, TaskStatus.OPEN);

        List<String> notes = new ArrayList<>();
        submission.recordTexts().forEach((field, text) -> {
            if (decision != null && TaskSubmission.RATIONALE.equals(field)) {
                return; // kept with its decision
            }
            jdbc.sql("""
                    INSERT INTO case_note (case_id, task_key, field, body, written_by, written_at)
                    VALUES (:caseId, :key, :field, :body, :user, :at)
                    """)
                    .param("caseId", caseId.value())
                    .param("key", taskKey)
                    .param("field", field)
                    .param("body", text)
                    .param("user", caller.userId())
                    .param("at", Timestamp.from(now))
                    .update();
            notes.add(field);
        });

        if (decision != null) {
            jdbc.sql("""
                    INSERT INTO case_decision (case_id, task_key, decision_type, criteria, outcome, outcomes,
                                               decision_maker_role, rationale, decided_by, decided_at)
                    VALUES (:caseId, :key, :type, CAST(:criteria AS JSONB), :outcome, CAST(:outcomes AS JSONB),
                            :role, :rationale, :user, :at)
                    """)
                    .param("caseId", caseId.value())
                    .param("key", taskKey)
                    .param("type", decision.decisionType())
                    .param("criteria", write(decision.criteria()))
                    .param("outcome", decision.outcome())
                    .param("outcomes", write(decision.outcomes()))
                    .param("role", decision.decisionMakerRole())
                    .param("rationale", decision.rationale())
                    .param("user", caller.userId())
                    .param("at", Timestamp.from(now))
                    .update();
            caseEvents.decisionRecorded(caseId, decision.decisionType(), decision.outcome(),
                    decision.decisionMakerRole(), decision.criteria());
        }

        List<String> met = new ArrayList<>();
        List<String> breached = new ArrayList<>();
        if (task.dueAt() != null) {
            // the deadline this task's due date shows (docs/processes.md §1.3 item 4), judged by the day the work was
            // done; a task header deadlineTimescales names its timescales, so another deadline that happens to fall
            // due at the same instant (L1a and L4, L2b and L8a...) is not resolved by it
            String named = task.customHeaders().getOrDefault(DEADLINE_TIMESCALES_HEADER, "");
            List<String> timescales = named.isBlank() ? List.of() : List.of(named.trim().split("\\s*,\\s*"));
            for (CompletionDeadlines.Resolved r : deadlines.resolve(caseId, task.dueAt(), timescales,
                    BusinessDates.doneOn(form, submission), now)) {
                ("MET".equals(r.status()) ? met : breached).add(r.timescaleId());
            }
        }

        caseEvents.taskCompleted(caseId, taskKey, task.taskType(),
                form == null ? Map.of() : BusinessDates.happened(form, submission));
        lifecycle.completed(task, caller);

        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("caseId", caseId.toString());
        detail.put("change", "completed");
        detail.put("variables", submission.routing().keySet());
        detail.put("notes", notes);
        detail.put("deadlinesMet", met);
        detail.put("deadlinesBreached", breached);
        audit.record(caller.audit(AuditAction.UPDATE, "case_task", Long.toString(taskKey)).withDetail(detail));
        if (decision != null) {
            audit.record(caller.audit(AuditAction.CREATE, "case_decision", Long.toString(taskKey))
                    .withDetail(Map.of("caseId", caseId.toString(), "decisionType", decision.decisionType(),
                            "outcome", decision.outcome())));
        }
        return new Recorded(met);
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** A completion sent again, or a completion of a task that already has one. */
    private Result repeat(Caller caller, TaskRow task, Completion existing, String sha256) {
        if (!existing.completedBy().equals(caller.userId()) || !existing.sha256().equals(sha256)) {
            throw new TasklistException.Conflict("already-completed", "Task " + task.taskKey()
                    + " already has a completion" + (existing.completedBy().equals(caller.userId())
                    ? " with other values" : " by another user"));
        }
        transactions.executeWithoutResult(status -> audit.record(
                caller.audit(AuditAction.REPLAY, "case_task", Long.toString(task.taskKey()))
                        .withDetail(Map.of("caseId", task.caseId().toString(), "status", existing.status()))));
        boolean decision = jdbc.sql("SELECT count(*) FROM case_decision WHERE task_key = :key")
                .param("key", task.taskKey()).query(Long.class).single() > 0;
        Outcome outcome = switch (existing.status()) {
            case "DONE" -> Outcome.DONE;
            case "FAILED" -> Outcome.FAILED;
            default -> claim(task.taskKey()) ? attempt(task.taskKey()) : Outcome.PENDING;
        };
        return new Result(task.taskKey(), task.caseId(), outcome, true, decision, List.of());
    }

    /** Takes a pending completion for one attempt (attempt counted, lease set); false when another attempt has it. */
    private boolean claim(long taskKey) {
        Instant now = clock.instant();
        return jdbc.sql("""
                UPDATE task_completion SET attempts = attempts + 1, leased_until = :leaseEnd
                WHERE task_key = :key AND status = 'PENDING' AND (leased_until IS NULL OR leased_until < :now)
                """)
                .param("leaseEnd", Timestamp.from(now.plus(properties.lease())))
                .param("key", taskKey)
                .param("now", Timestamp.from(now))
                .update() == 1;
    }

    /** One attempt to hand a claimed completion to the engine. */
    private Outcome attempt(long taskKey) {
        Completion c = find(taskKey).orElseThrow();
        try {
            engine.complete(taskKey, variables(c));
            done(c, "completed");
            return Outcome.DONE;
        } catch (TaskEngine.Unreachable e) {
            return later(c, e);
        } catch (TaskEngine.Rejected e) {
            if (e.status() != 404 && e.status() != 409) {
                failed(c, null, "the engine refused the completion (" + e.status() + ")",
                        RefusedCompletions.Reason.ENGINE_REFUSED);
                return Outcome.FAILED;
            }
            Optional<UserTask> live;
            try {
                live = engine.task(taskKey);
            } catch (TaskEngine.Unreachable | TaskEngine.Rejected unknown) {
                return later(c, unknown);
            }
            UserTaskState state = live.map(UserTask::getState).orElse(null);
            if (state != null && STILL_OPEN.contains(state)) {
                // busy in the engine (a listener, an assignment): try again
                return later(c, e);
            }
            if (c.attempts() > 1 && (state == UserTaskState.COMPLETED || state == null)) {
                // an earlier attempt reached the engine and its answer was lost
                done(c, "completed by an earlier attempt");
                return Outcome.DONE;
            }
            failed(c, state, "the engine ended the task without this completion ("
                    + (state == null ? "not found" : state.name()) + ")", RefusedCompletions.Reason.TASK_ENDED);
            return Outcome.FAILED;
        }
    }

    private void done(Completion c, String how) {
        transactions.executeWithoutResult(status -> {
            int updated = jdbc.sql("""
                    UPDATE task_completion SET status = 'DONE', done_at = now(), leased_until = NULL, last_error = NULL
                    WHERE task_key = :key AND status = 'PENDING'
                    """).param("key", c.taskKey()).update();
            if (updated == 1) {
                mirror.setStatus(c.taskKey(), TaskStatus.COMPLETED, TaskStatus.COMPLETING);
                audit.record(TaskMirrorUpdates.SYSTEM_ACTOR, AuditAction.UPDATE, "case_task", Long.toString(c.taskKey()),
                        Map.of("caseId", c.caseId().toString(), "change", "engine-completed", "attempts", c.attempts(),
                                "how", how));
            }
        });
    }

    private Outcome later(Completion c, RuntimeException cause) {
        String error = cause.getMessage() == null ? cause.toString() : cause.getMessage();
        log.warn("completion of task {} (attempt {}) not taken by the engine yet, retrying later: {}",
                c.taskKey(), c.attempts(), error);
        jdbc.sql("""
                UPDATE task_completion SET leased_until = NULL, next_attempt_at = :next, last_error = :error
                WHERE task_key = :key AND status = 'PENDING'
                """)
                .param("next", Timestamp.from(clock.instant().plus(properties.backOff(c.attempts()))))
                .param("error", error.length() > 1000 ? error.substring(0, 1000) : error)
                .param("key", c.taskKey())
                .update();
        return Outcome.PENDING;
    }

    private void failed(Completion c, UserTaskState engineState, String reason, RefusedCompletions.Reason why) {
        // the notes, decision and events stay: they record what the caseworker decided, which did happen
        log.error("completion of task {} of case {} was recorded but the engine will not take it: {}",
                c.taskKey(), c.caseId(), reason);
        transactions.executeWithoutResult(status -> {
            jdbc.sql("""
                    UPDATE task_completion SET status = 'FAILED', leased_until = NULL, last_error = :error
                    WHERE task_key = :key AND status = 'PENDING'
                    """).param("error", reason).param("key", c.taskKey()).update();
            mirror.setStatus(c.taskKey(), engineState == UserTaskState.COMPLETED ? TaskStatus.COMPLETED
                    : TaskStatus.CANCELED, TaskStatus.COMPLETING);
            audit.record(TaskMirrorUpdates.SYSTEM_ACTOR, AuditAction.UPDATE, "case_task", Long.toString(c.taskKey()),
                    Map.of("caseId", c.caseId().toString(), "change", "engine-refused-completion"));
        });
        refusals.refused(why);
    }

    /** Hands pending completions whose back-off has passed to the engine. */
    @Scheduled(fixedDelayString = "${safeguarding.tasklist.poll-interval:1s}",
            initialDelayString = "${safeguarding.tasklist.poll-interval:1s}")
    public void retryPending() {
        try {
            for (Long taskKey : claimDue()) {
                attempt(taskKey);
            }
        } catch (RuntimeException e) {
            log.warn("retrying pending task completions failed, will retry: {}", e.toString());
        }
    }

    private List<Long> claimDue() {
        List<Long> due = transactions.execute(status -> {
            Instant now = clock.instant();
            List<Long> keys = jdbc.sql("""
                    SELECT task_key FROM task_completion
                    WHERE status = 'PENDING' AND next_attempt_at <= :now AND (leased_until IS NULL OR leased_until < :now)
                    ORDER BY next_attempt_at LIMIT 20 FOR UPDATE SKIP LOCKED
                    """).param("now", Timestamp.from(now)).query(Long.class).list();
            if (!keys.isEmpty()) {
                jdbc.sql("UPDATE task_completion SET attempts = attempts + 1, leased_until = :leaseEnd WHERE task_key IN (:keys)")
                        .param("leaseEnd", Timestamp.from(now.plus(properties.lease())))
                        .param("keys", keys)
                        .update();
            }
            return keys;
        });
        return due == null ? List.of() : due;
    }

    private Optional<Completion> find(long taskKey) {
        return jdbc.sql("""
                SELECT task_key, case_id, completed_by, request_sha256, variables::text AS variables, status, attempts,
                       last_error
                FROM task_completion WHERE task_key = :key
                """)
                .param("key", taskKey)
                .query((rs, n) -> new Completion(rs.getLong("task_key"), rs.getObject("case_id", UUID.class),
                        rs.getString("completed_by"), rs.getString("request_sha256"), rs.getString("variables"),
                        rs.getString("status"), rs.getInt("attempts"), rs.getString("last_error")))
                .optional();
    }

    private Map<String, Object> variables(Completion c) {
        try {
            return json.readValue(c.variables(), VARIABLES);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
