package org.opensafeguarding.workflow.tasklist;

import org.opensafeguarding.workflow.audit.AuditAction;
import org.opensafeguarding.workflow.audit.AuditLog;
import org.opensafeguarding.workflow.casefile.CaseId;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.util.Map;

/**
 * What the tasklist keeps beside the mirror when a task changes: its history, and, once it is completed or has
 * ended, the removal of everyone's drafts of it (they hold personal data nobody needs any more). Called inside the
 * transaction that changes the mirror row.
 */
@Component
class TaskLifecycle {

    private final TaskHistory history;
    private final TaskDrafts drafts;
    private final AuditLog audit;
    private final Clock clock;

    TaskLifecycle(TaskHistory history, TaskDrafts drafts, AuditLog audit, Clock clock) {
        this.history = history;
        this.drafts = drafts;
        this.audit = audit;
        this.clock = clock;
    }

    void created(TaskRow task) {
        history.record(task.taskKey(), task.caseId(), TaskHistory.Action.CREATED, null, null,
                task.createdAt() == null ? clock.instant() : task.createdAt());
    }

    void claimed(TaskRow task, Caller caller) {
        history.record(task.taskKey(), task.caseId(), TaskHistory.Action.CLAIMED, caller.userId(), task.roleOf(caller),
                clock.instant());
    }

    void unassigned(TaskRow task, Caller caller) {
        history.record(task.taskKey(), task.caseId(), TaskHistory.Action.UNASSIGNED, caller.userId(),
                task.roleOf(caller), clock.instant());
    }

    /** The assignee changed at the engine, outside this service: who did it is not known here. */
    void assigneeChangedAtTheEngine(TaskRow task, String assignee) {
        history.record(task.taskKey(), task.caseId(), assignee == null ? TaskHistory.Action.UNASSIGNED
                : TaskHistory.Action.ASSIGNED, null, assignee == null ? null : task.defaultRole(), clock.instant());
    }

    void completed(TaskRow task, Caller caller) {
        history.record(task.taskKey(), task.caseId(), TaskHistory.Action.COMPLETED, caller.userId(),
                task.roleOf(caller), clock.instant());
        dropDrafts(task.taskKey(), task.caseId());
    }

    /** Completed at the engine without this service, or canceled by the engine. */
    void endedAtTheEngine(TaskRow task, TaskStatus ended) {
        history.record(task.taskKey(), task.caseId(), ended == TaskStatus.COMPLETED ? TaskHistory.Action.COMPLETED
                : TaskHistory.Action.CANCELED, null, null, clock.instant());
        dropDrafts(task.taskKey(), task.caseId());
    }

    private void dropDrafts(long taskKey, CaseId caseId) {
        int dropped = drafts.deleteAll(taskKey);
        if (dropped > 0) {
            audit.record(TaskMirrorUpdates.SYSTEM_ACTOR, AuditAction.UPDATE, "task_draft", Long.toString(taskKey),
                    Map.of("caseId", caseId.toString(), "change", "deleted-at-task-end", "drafts", dropped));
        }
    }
}
