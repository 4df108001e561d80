package org.opensafeguarding.workflow.tasklist;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.client.api.search.response.UserTask;
import org.opensafeguarding.workflow.audit.AuditAction;
import org.opensafeguarding.workflow.audit.AuditLog;
import org.opensafeguarding.workflow.casefile.CaseId;
import org.opensafeguarding.workflow.events.CaseEvents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The changes to the mirror that the engine reports, whoever reports them: the task listener
 * ({@link TaskMirrorListener}, as they happen) or the reconciliation ({@link TaskReconciler}, for what no listener
 * reported). Each is idempotent: a row keyed by the user task key ({@code ON CONFLICT DO NOTHING}, the event only
 * when the row is new), an assignee or status written only when it differs, so a change reported twice, or by both,
 * gives one row, one case event and one audit row.
 */
@Component
class TaskMirrorUpdates {

    private static final Logger log = LoggerFactory.getLogger(TaskMirrorUpdates.class);
    static final String SYSTEM_ACTOR = "system:tasklist";
    static final String ENGINE_ACTOR = "engine";
    private static final ZoneId LONDON = ZoneId.of("Europe/London");

    enum Sighting { MIRRORED, KNOWN, NO_CASE }

    private final TaskEngine engine;
    private final TaskMirror mirror;
    private final TaskForms forms;
    private final CaseEvents caseEvents;
    private final AuditLog audit;
    private final TransactionTemplate transactions;
    private final ObjectMapper json;
    private final Clock clock;
    private final TaskLifecycle lifecycle;

    TaskMirrorUpdates(TaskEngine engine, TaskMirror mirror, TaskForms forms, CaseEvents caseEvents, AuditLog audit,
                      TransactionTemplate transactions, ObjectMapper json, Clock clock, TaskLifecycle lifecycle) {
        this.engine = engine;
        this.mirror = mirror;
        this.forms = forms;
        this.caseEvents = caseEvents;
        this.audit = audit;
        this.transactions = transactions;
        this.json = json;
        this.clock = clock;
        this.lifecycle = lifecycle;
    }

    /** First sight of a task: its row, its {@code task.created} event and an audit row, in one transaction. */
    Sighting created(UserTask task) {
        Seen seen = look(task, Known.of(mirror, List.of(task)));
        if (seen.row() == null) {
            return seen.sighting();
        }
        return transactions.execute(status -> write(seen.row()));
    }

    /**
     * First sight of many tasks at once (the reconciliation's catch-up after a start against tasks no listener
     * reported): each as {@link #created}, but the new ones are written in one transaction, so a page of tasks costs
     * one commit (one flush to disk) instead of one each. Should the database refuse one of them, the batch is
     * written again one task per transaction, so that task fails alone and the others are mirrored.
     *
     * @return how each task was seen; a task that could not be looked at or written is left out (logged), to be
     *         tried again at the next reconciliation
     * @throws TaskEngine.Unreachable when the engine cannot be asked about a task: nothing of the batch is written
     */
    Map<Long, Sighting> createdAll(List<UserTask> tasks) {
        Map<Long, Sighting> sightings = new LinkedHashMap<>();
        List<TaskRow> fresh = new ArrayList<>();
        Known known = Known.of(mirror, tasks);
        for (UserTask task : tasks) {
            try {
                Seen seen = look(task, known);
                if (seen.row() == null) {
                    sightings.put(task.getUserTaskKey(), seen.sighting());
                } else {
                    fresh.add(seen.row());
                }
            } catch (TaskEngine.Unreachable e) {
                throw e;
            } catch (RuntimeException e) {
                willRetry(task.getUserTaskKey(), e);
            }
        }
        try {
            Map<Long, Sighting> written = transactions.execute(status -> {
                Map<Long, Sighting> outcome = new LinkedHashMap<>();
                for (TaskRow row : fresh) {
                    outcome.put(row.taskKey(), write(row));
                }
                return outcome;
            });
            sightings.putAll(written);
        } catch (RuntimeException batchRefused) {
            // also where a deadlock with a listener writing another task of one of these cases lands: PostgreSQL
            // aborts one side, and the listener's job is retried by the engine if it was that side
            log.info("a batch of {} new user tasks was refused; writing them one at a time: {}", fresh.size(),
                    batchRefused.toString());
            for (TaskRow row : fresh) {
                try {
                    sightings.put(row.taskKey(), transactions.execute(status -> write(row)));
                } catch (RuntimeException e) {
                    willRetry(row.taskKey(), e);
                }
            }
        }
        return sightings;
    }

    /** Writes a new task's row with its event, history and audit rows; KNOWN if a listener wrote it first. */
    private Sighting write(TaskRow row) {
        return insert(row) ? Sighting.MIRRORED : Sighting.KNOWN;
    }

    /** Left out of this reconciliation, not lost: the next one sees the task again. */
    private void willRetry(long taskKey, RuntimeException e) {
        log.warn("could not mirror user task {}, will retry: {}", taskKey, e.toString());
    }

    /** What is known of a task before its row is written: a sighting, or the row to write (sighting null). */
    private record Seen(Sighting sighting, TaskRow row) {
    }

    /**
     * What the mirror holds for a batch of tasks, read with one query each rather than one per task: which already
     * have rows, the cases that know their instances, and the form ids found so far (by form key).
     */
    private record Known(Set<Long> mirrored, Map<Long, CaseId> casesByInstance, Map<Long, String> formIds) {

        static Known of(TaskMirror mirror, List<UserTask> tasks) {
            return new Known(mirror.mirrored(tasks.stream().map(UserTask::getUserTaskKey).toList()),
                    mirror.casesOfInstances(tasks.stream().map(UserTask::getProcessInstanceKey).distinct().toList()),
                    new HashMap<>());
        }
    }

    private Seen look(UserTask task, Known known) {
        long key = task.getUserTaskKey();
        if (known.mirrored().contains(key)) {
            // completing, or ended here before the engine's search caught up
            return new Seen(Sighting.KNOWN, null);
        }
        Optional<CaseId> caseId = Optional.ofNullable(known.casesByInstance().get(task.getProcessInstanceKey()))
                .or(() -> caseOfVariable(task.getProcessInstanceKey()));
        if (caseId.isEmpty()) {
            return new Seen(Sighting.NO_CASE, null);
        }
        String formId = null;
        if (task.getFormKey() != null) {
            formId = known.formIds().get(task.getFormKey());
            if (formId == null) {
                formId = mirror.form(task.getFormKey()).map(TaskMirror.StoredForm::formId)
                        .orElseGet(() -> forms.fetch(key).map(TaskMirror.StoredForm::formId).orElse(null));
                if (formId != null) {
                    known.formIds().put(task.getFormKey(), formId);
                }
            }
        }
        // the form is stored before the row that refers to it; a task whose form the engine does not return keeps none
        Long formKey = formId == null ? null : task.getFormKey();
        return new Seen(null, new TaskRow(key, caseId.get(), task.getProcessInstanceKey(), task.getElementInstanceKey(),
                task.getBpmnProcessId(), task.getElementId(), task.getName(), formKey, formId,
                TaskMirror.copy(task.getCandidateGroups()), TaskMirror.copy(task.getCandidateUsers()),
                emptyToNull(task.getAssignee()), instant(task.getDueDate()), instant(task.getFollowUpDate()),
                task.getPriority() == null ? 50 : task.getPriority(),
                task.getCustomHeaders() == null ? Map.of() : new LinkedHashMap<>(task.getCustomHeaders()),
                TaskStatus.OPEN, Objects.requireNonNullElseGet(instant(task.getCreationDate()), clock::instant), null));
    }

    /** In the caller's transaction: the row, its event and audit row when the row is new. */
    private boolean insert(TaskRow row) {
        if (!mirror.insertIfAbsent(row)) {
            return false;
        }
        caseEvents.taskCreated(row.caseId(), row.taskKey(), row.taskType(), dueOn(row.dueAt()));
        lifecycle.created(row);
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("caseId", row.caseId().toString());
        detail.put("processInstanceKey", row.processInstanceKey());
        detail.put("elementId", row.elementId());
        detail.put("formId", row.formId());
        detail.put("candidateGroups", row.candidateGroups());
        audit.record(SYSTEM_ACTOR, AuditAction.CREATE, "case_task", Long.toString(row.taskKey()), detail);
        return true;
    }

    private Optional<CaseId> caseOfVariable(long processInstanceKey) {
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

    /**
     * The assignee changed outside this service (another tasklist, an operator): the person is not known here.
     *
     * @param unchangedSince see {@link TaskMirror#setAssignee}
     */
    void assigneeChanged(TaskRow row, String assignee, Instant unchangedSince) {
        if (Objects.equals(row.assignee(), assignee)) {
            return;
        }
        transactions.executeWithoutResult(status -> {
            if (mirror.setAssignee(row.taskKey(), assignee, unchangedSince)) {
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

    /** The schedule or candidates changed at the engine (no case event: these are not case events). */
    void scheduleChanged(TaskRow row, Instant due, Instant followUp, int priority, List<String> groups,
                         List<String> users, Instant unchangedSince) {
        if (Objects.equals(row.dueAt(), due) && Objects.equals(row.followUpAt(), followUp) && row.priority() == priority
                && row.candidateGroups().equals(groups) && row.candidateUsers().equals(users)) {
            return;
        }
        transactions.executeWithoutResult(status -> {
            mirror.setSchedule(row.taskKey(), due, followUp, priority, groups, users, unchangedSince);
            audit.record(ENGINE_ACTOR, AuditAction.UPDATE, "case_task", Long.toString(row.taskKey()),
                    Map.of("caseId", row.caseId().toString(), "change", "schedule"));
        });
    }

    /** An open task ended at the engine without this service: completed elsewhere, or canceled. */
    void ended(TaskRow row, TaskStatus ended, String engineState) {
        transactions.executeWithoutResult(status -> {
            if (!mirror.setStatus(row.taskKey(), ended, TaskStatus.OPEN)) {
                return;
            }
            if (ended == TaskStatus.COMPLETED) {
                // completed at the engine without this service (another tasklist, an operator): nothing was recorded
                caseEvents.taskCompleted(row.caseId(), row.taskKey(), row.taskType());
                log.warn(
                        "user task {} of case {} was completed outside the tasklist", row.taskKey(), row.caseId());
            } else {
                caseEvents.taskCanceled(row.caseId(), row.taskKey(), row.taskType());
            }
            lifecycle.endedAtTheEngine(row, ended);
            audit.record(ENGINE_ACTOR, AuditAction.UPDATE, "case_task", Long.toString(row.taskKey()),
                    Map.of("caseId", row.caseId().toString(), "status", ended.name(), "engineState", engineState));
        });
    }

    static LocalDate dueOn(Instant due) {
        return due == null ? null : LocalDate.ofInstant(due, LONDON);
    }

    static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }

    static String emptyToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
