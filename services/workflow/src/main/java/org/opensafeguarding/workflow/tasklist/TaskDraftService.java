package org.opensafeguarding.workflow.tasklist;

import com.fasterxml.jackson.databind.JsonNode;
import org.opensafeguarding.workflow.audit.AuditAction;
import org.opensafeguarding.workflow.audit.AuditLog;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Drafts of task forms, kept per person and task. Only the person who saved a draft ever gets it back, and only
 * while the task's access rules still let them see the task; every read and change is audited (never the values).
 */
@Service
class TaskDraftService {

    /** Generous for any form here, small enough that nobody parks documents in a draft. */
    static final int MAX_DRAFT_CHARS = 200_000;

    private final TaskAccess access;
    private final TaskDrafts drafts;
    private final AuditLog audit;
    private final TransactionTemplate transactions;
    private final Clock clock;

    TaskDraftService(TaskAccess access, TaskDrafts drafts, AuditLog audit, TransactionTemplate transactions,
                     Clock clock) {
        this.access = access;
        this.drafts = drafts;
        this.audit = audit;
        this.transactions = transactions;
        this.clock = clock;
    }

    TaskDrafts.Draft get(Caller caller, long taskKey) {
        TaskRow task = access.candidateTask(caller, taskKey, "read-draft");
        return transactions.execute(status -> {
            TaskDrafts.Draft draft = drafts.find(taskKey, caller.userId())
                    .orElseThrow(() -> new TasklistException.NoDraft(taskKey));
            audit.record(caller.audit(AuditAction.READ, "task_draft", Long.toString(taskKey))
                    .withDetail(Map.of("caseId", task.caseId().toString())));
            return draft;
        });
    }

    void save(Caller caller, long taskKey, JsonNode values) {
        TaskRow task = access.candidateTask(caller, taskKey, "save-draft");
        if (task.status() != TaskStatus.OPEN) {
            throw new TasklistException.Conflict("task-not-open", "Task " + taskKey + " is "
                    + task.status().name().toLowerCase() + "; drafts are kept for open tasks only");
        }
        if (values == null || !values.isObject()) {
            throw invalid("not-an-object", "The draft must be a JSON object of form values by field key");
        }
        if (values.toString().length() > MAX_DRAFT_CHARS) {
            throw invalid("max-length", "The draft must be at most " + MAX_DRAFT_CHARS + " characters of JSON");
        }
        transactions.executeWithoutResult(status -> {
            drafts.save(taskKey, caller.userId(), values, clock.instant());
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("caseId", task.caseId().toString());
            detail.put("change", "saved");
            detail.put("fields", values.size());
            audit.record(caller.audit(AuditAction.UPDATE, "task_draft", Long.toString(taskKey)).withDetail(detail));
        });
    }

    void delete(Caller caller, long taskKey) {
        TaskRow task = access.candidateTask(caller, taskKey, "delete-draft");
        transactions.executeWithoutResult(status -> {
            if (!drafts.delete(taskKey, caller.userId())) {
                throw new TasklistException.NoDraft(taskKey);
            }
            audit.record(caller.audit(AuditAction.UPDATE, "task_draft", Long.toString(taskKey))
                    .withDetail(Map.of("caseId", task.caseId().toString(), "change", "deleted")));
        });
    }

    private static TasklistException invalid(String rule, String message) {
        return new TasklistException.QueryInvalid(List.of(new TasklistException.FormViolation("body", rule, message)));
    }
}
