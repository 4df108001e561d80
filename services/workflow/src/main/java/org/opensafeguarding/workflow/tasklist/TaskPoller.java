package org.opensafeguarding.workflow.tasklist;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.client.api.search.enums.UserTaskState;
import io.camunda.client.api.search.response.UserTask;
import org.opensafeguarding.workflow.audit.AuditAction;
import org.opensafeguarding.workflow.audit.AuditLog;
import org.opensafeguarding.workflow.casefile.CaseId;
import org.opensafeguarding.workflow.events.CaseEvents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Mirrors the engine's user tasks into case_task, reading them through the Camunda client's user task search.
 *
 * <p>First sight of a task: its row, its {@code task.created} event and an audit row in one transaction, keyed by the
 * user task key ({@code ON CONFLICT DO NOTHING}; the event only when the row is new), so any number of polls, or
 * several service instances polling at once, give one row and one event. Changes seen later: the assignee (with
 * {@code task.assigned} / {@code task.unassigned} when it was changed outside this service), schedule and
 * candidates; a task gone from the engine's open tasks becomes COMPLETED or CANCELED ({@code task.canceled}). The
 * engine being away is logged once and tried again on the next poll.
 */
@Component
class TaskPoller {

    private static final Logger log = LoggerFactory.getLogger(TaskPoller.class);
    static final String SYSTEM_ACTOR = "system:tasklist";
    static final String ENGINE_ACTOR = "engine";
    private static final ZoneId LONDON = ZoneId.of("Europe/London");
    /** How long a task whose case cannot be found is left alone before it is looked at again. */
    private static final Duration UNMATCHED_RETRY = Duration.ofSeconds(30);

    private final TaskEngine engine;
    private final TaskMirror mirror;
    private final TaskForms forms;
    private final CaseEvents caseEvents;
    private final AuditLog audit;
    private final TransactionTemplate transactions;
    private final ObjectMapper json;
    private final Clock clock;
    private final TaskLifecycle lifecycle;
    private final Map<Long, Instant> unmatched = new ConcurrentHashMap<>();
    private volatile boolean engineAway;

    TaskPoller(TaskEngine engine, TaskMirror mirror, TaskForms forms, CaseEvents caseEvents, AuditLog audit,
               TransactionTemplate transactions, ObjectMapper json, Clock clock, TaskLifecycle lifecycle) {
        this.lifecycle = lifecycle;
        this.engine = engine;
        this.mirror = mirror;
        this.forms = forms;
        this.caseEvents = caseEvents;
        this.audit = audit;
        this.transactions = transactions;
        this.json = json;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${safeguarding.tasklist.poll-interval:1s}",
            initialDelayString = "${safeguarding.tasklist.poll-interval:1s}")
    public void poll() {
        try {
            pollOnce();
            if (engineAway) {
                engineAway = false;
                log.info("tasklist poller reaches the engine again");
            }
        } catch (TaskEngine.Unreachable e) {
            if (!engineAway) {
                engineAway = true;
                log.warn("tasklist poller cannot read the engine's user tasks; trying again every poll: {}", e.getMessage());
            } else {
                log.debug("engine still unreachable: {}", e.getMessage());
            }
        } catch (RuntimeException e) {
            log.warn("tasklist poll failed, will retry: {}", e.toString());
        }
    }

    /** @return how many tasks were seen for the first time */
    int pollOnce() {
        Instant readAt = mirror.databaseNow();
        List<UserTask> open = engine.openTasks();
        Map<Long, TaskRow> known = mirror.open();
        Set<Long> seen = new HashSet<>();
        int created = 0;
        for (UserTask task : open) {
            long key = task.getUserTaskKey();
            seen.add(key);
            try {
                TaskRow row = known.get(key);
                if (row != null) {
                    sync(row, task, readAt);
                } else if (firstSight(task)) {
                    created++;
                }
            } catch (TaskEngine.Unreachable e) {
                throw e;
            } catch (RuntimeException e) {
                log.warn("could not mirror user task {}, will retry: {}", key, e.toString());
            }
        }
        for (TaskRow row : known.values()) {
            if (!seen.contains(row.taskKey())) {
                try {
                    checkEnded(row);
                } catch (TaskEngine.Unreachable e) {
                    throw e;
                } catch (RuntimeException e) {
                    log.warn("could not check whether user task {} ended, will retry: {}", row.taskKey(), e.toString());
                }
            }
        }
        unmatched.keySet().retainAll(seen);
        return created;
    }

    private boolean firstSight(UserTask task) {
        long key = task.getUserTaskKey();
        Instant retryAt = unmatched.get(key);
        if (retryAt != null && clock.instant().isBefore(retryAt)) {
            return false;
        }
        if (mirror.find(key).isPresent()) {
            // completing, or ended here before the engine's search caught up
            return false;
        }
        Optional<CaseId> caseId = caseOf(task.getProcessInstanceKey());
        if (caseId.isEmpty()) {
            unmatched.put(key, clock.instant().plus(UNMATCHED_RETRY));
            log.debug("user task {} of instance {} belongs to no known case; not mirrored", key, task.getProcessInstanceKey());
            return false;
        }
        unmatched.remove(key);
        String formId = null;
        if (task.getFormKey() != null) {
            formId = mirror.form(task.getFormKey()).map(TaskMirror.StoredForm::formId)
                    .orElseGet(() -> fetchForm(key));
        }
        // the form is stored before the row that refers to it; a task whose form the engine does not return keeps none
        Long formKey = formId == null ? null : task.getFormKey();
        TaskRow row = new TaskRow(key, caseId.get(), task.getProcessInstanceKey(), task.getElementInstanceKey(),
                task.getBpmnProcessId(), task.getElementId(), task.getName(), formKey, formId,
                TaskMirror.copy(task.getCandidateGroups()), TaskMirror.copy(task.getCandidateUsers()),
                emptyToNull(task.getAssignee()), instant(task.getDueDate()), instant(task.getFollowUpDate()),
                task.getPriority() == null ? 50 : task.getPriority(),
                task.getCustomHeaders() == null ? Map.of() : new LinkedHashMap<>(task.getCustomHeaders()),
                TaskStatus.OPEN, Objects.requireNonNullElseGet(instant(task.getCreationDate()), clock::instant), null);
        Boolean inserted = transactions.execute(status -> {
            if (!mirror.insertIfAbsent(row)) {
                return false;
            }
            caseEvents.taskCreated(row.caseId(), key, row.taskType(), dueOn(row.dueAt()));
            lifecycle.created(row);
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("caseId", row.caseId().toString());
            detail.put("processInstanceKey", row.processInstanceKey());
            detail.put("elementId", row.elementId());
            detail.put("formId", row.formId());
            detail.put("candidateGroups", row.candidateGroups());
            audit.record(SYSTEM_ACTOR, AuditAction.CREATE, "case_task", Long.toString(key), detail);
            return true;
        });
        return Boolean.TRUE.equals(inserted);
    }

    private String fetchForm(long taskKey) {
        return forms.fetch(taskKey).map(TaskMirror.StoredForm::formId).orElse(null);
    }

    private Optional<CaseId> caseOf(long processInstanceKey) {
        Optional<CaseId> byInstance = mirror.caseOfInstance(processInstanceKey);
        if (byInstance.isPresent()) {
            return byInstance;
        }
        // a case's instance key is stored after the engine answers the start, and instances started by a message
        // are not stored at all: the caseId variable names the case either way
        return engine.rootVariable(processInstanceKey, "caseId").flatMap(this::parseCaseId).filter(mirror::caseExists);
    }

    private Optional<CaseId> parseCaseId(String jsonText) {
        try {
            return Optional.of(CaseId.parse(json.readTree(jsonText).asText()));
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private void sync(TaskRow row, UserTask task, Instant readAt) {
        String assignee = emptyToNull(task.getAssignee());
        if (!Objects.equals(row.assignee(), assignee)) {
            transactions.executeWithoutResult(status -> {
                if (mirror.setAssignee(row.taskKey(), assignee, readAt)) {
                    // changed outside this service (another tasklist, an operator): the person is not known here
                    if (assignee == null) {
                        caseEvents.taskUnassigned(row.caseId(), row.taskKey(), row.taskType());
                    } else {
                        caseEvents.taskAssigned(row.caseId(), row.taskKey(), row.taskType(), row.defaultRole());
                    }
                    lifecycle.assigneeChangedAtTheEngine(row, assignee);
                    audit.record(ENGINE_ACTOR, AuditAction.UPDATE, "case_task", Long.toString(row.taskKey()),
                            Map.of("caseId", row.caseId().toString(), "change", assignee == null ? "unassigned" : "assigned"));
                }
            });
        }
        Instant due = instant(task.getDueDate());
        Instant followUp = instant(task.getFollowUpDate());
        int priority = task.getPriority() == null ? 50 : task.getPriority();
        List<String> groups = TaskMirror.copy(task.getCandidateGroups());
        List<String> users = TaskMirror.copy(task.getCandidateUsers());
        if (!Objects.equals(row.dueAt(), due) || !Objects.equals(row.followUpAt(), followUp) || row.priority() != priority
                || !row.candidateGroups().equals(groups) || !row.candidateUsers().equals(users)) {
            transactions.executeWithoutResult(status -> {
                mirror.setSchedule(row.taskKey(), due, followUp, priority, groups, users, readAt);
                audit.record(ENGINE_ACTOR, AuditAction.UPDATE, "case_task", Long.toString(row.taskKey()),
                        Map.of("caseId", row.caseId().toString(), "change", "schedule"));
            });
        }
    }

    /** An open task the engine no longer lists as open: find out how it ended. */
    private void checkEnded(TaskRow row) {
        Optional<UserTask> task = engine.task(row.taskKey());
        UserTaskState state = task.map(UserTask::getState).orElse(null);
        TaskStatus ended;
        if (state == UserTaskState.COMPLETED) {
            ended = TaskStatus.COMPLETED;
        } else if (state == null || state == UserTaskState.CANCELED) {
            ended = TaskStatus.CANCELED;
        } else {
            // still open (being assigned, updated, ...), or the search has not caught up
            return;
        }
        transactions.executeWithoutResult(status -> {
            if (!mirror.setStatus(row.taskKey(), ended, TaskStatus.OPEN)) {
                return;
            }
            if (ended == TaskStatus.COMPLETED) {
                // completed at the engine without this service (another tasklist, an operator): nothing was recorded
                caseEvents.taskCompleted(row.caseId(), row.taskKey(), row.taskType());
                log.warn("user task {} of case {} was completed outside the tasklist", row.taskKey(), row.caseId());
            } else {
                caseEvents.taskCanceled(row.caseId(), row.taskKey(), row.taskType());
            }
            lifecycle.endedAtTheEngine(row, ended);
            audit.record(ENGINE_ACTOR, AuditAction.UPDATE, "case_task", Long.toString(row.taskKey()),
                    Map.of("caseId", row.caseId().toString(), "status", ended.name(),
                            "engineState", state == null ? "NOT_FOUND" : state.name()));
        });
    }

    static LocalDate dueOn(Instant due) {
        return due == null ? null : LocalDate.ofInstant(due, LONDON);
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }

    private static String emptyToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
