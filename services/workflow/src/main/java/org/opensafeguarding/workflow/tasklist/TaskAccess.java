package org.opensafeguarding.workflow.tasklist;

import org.opensafeguarding.workflow.access.CaseAccess;
import org.opensafeguarding.workflow.audit.AuditAction;
import org.opensafeguarding.workflow.audit.AuditLog;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Who may do what with a task: only its candidates (a member of one of its candidate groups, or a named candidate
 * user) may see, claim or complete it. A refusal is audited, then answered 403.
 */
@Component
class TaskAccess {

    private final TaskMirror mirror;
    private final AuditLog audit;
    private final TransactionTemplate transactions;
    private final CaseAccess caseAccess;

    TaskAccess(TaskMirror mirror, AuditLog audit, TransactionTemplate transactions, CaseAccess caseAccess) {
        this.mirror = mirror;
        this.audit = audit;
        this.transactions = transactions;
        this.caseAccess = caseAccess;
    }

    /**
     * @throws TasklistException.NotFound  when the tasklist has no such task
     * @throws TasklistException.Forbidden when the caller is not one of its candidates
     * @throws CaseAccess.CaseAccessDenied when the task's case is another partnership's (answered as not found), of
     *                                     a case type the caller's roles do not work on, or restricted
     */
    TaskRow candidateTask(Caller caller, long taskKey, String action) {
        TaskRow task = mirror.find(taskKey).orElseThrow(() -> new TasklistException.NotFound(taskKey));
        caseAccess.require(caller, task.caseId(), action, "case_task", Long.toString(taskKey));
        if (!task.visibleTo(caller)) {
            denied(caller, "case_task", Long.toString(taskKey), action);
            throw new TasklistException.Forbidden("Task " + taskKey + " is for its candidate groups "
                    + task.candidateGroups() + "; the caller is in none of them");
        }
        return task;
    }

    void denied(Caller caller, String resourceType, String resourceId, String action) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("action", action);
        detail.put("groups", caller.groups().stream().sorted().toList());
        detail.put("roles", caller.roleCodes());
        transactions.executeWithoutResult(status -> audit.record(caller.audit(AuditAction.DENIED, resourceType, resourceId)
                .withDetail(detail)));
    }
}
