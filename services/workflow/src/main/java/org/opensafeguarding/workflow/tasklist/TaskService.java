package org.opensafeguarding.workflow.tasklist;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import org.opensafeguarding.workflow.audit.AuditAction;
import org.opensafeguarding.workflow.audit.AuditLog;
import org.opensafeguarding.workflow.casefile.CaseId;
import org.opensafeguarding.workflow.events.CaseEvents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reading, claiming and unassigning tasks for a caller. Reads come from the mirror (case_task); only a task's
 * variables are read live from the engine. Every read and change is audited.
 */
@Service
class TaskService {

    private static final Logger log = LoggerFactory.getLogger(TaskService.class);

    private final TaskMirror mirror;
    private final TaskAccess access;
    private final TaskForms forms;
    private final TaskEngine engine;
    private final TaskTimescales timescales;
    private final CaseEvents caseEvents;
    private final AuditLog audit;
    private final TransactionTemplate transactions;
    private final ObjectMapper json;
    private final TasklistProperties properties;
    private final Clock clock;
    private final TaskLifecycle lifecycle;
    private final WorkTray tray;
    private final TaskHistory historyOf;

    TaskService(TaskMirror mirror, TaskAccess access, TaskForms forms, TaskEngine engine, TaskTimescales timescales,
                CaseEvents caseEvents, AuditLog audit, TransactionTemplate transactions, ObjectMapper json,
                TasklistProperties properties, Clock clock, TaskLifecycle lifecycle, WorkTray tray,
                TaskHistory historyOf) {
        this.timescales = timescales;
        this.historyOf = historyOf;
        this.tray = tray;
        this.lifecycle = lifecycle;
        this.clock = clock;
        this.mirror = mirror;
        this.access = access;
        this.forms = forms;
        this.engine = engine;
        this.caseEvents = caseEvents;
        this.audit = audit;
        this.transactions = transactions;
        this.json = json;
        this.properties = properties;
    }

    WorkTray.Page list(Caller caller, TrayQuery query, int page, int size) {
        if (page < 0 || size < 1 || size > properties.maxPageSize()) {
            throw new TasklistException.BadRequest(page < 0 ? "page must be 0 or more"
                    : "size must be between 1 and " + properties.maxPageSize());
        }
        WorkTray.Scope scope = scope(caller, query, "list");
        return transactions.execute(status -> {
            WorkTray.Page result = tray.list(scope, query, page, size);
            Map<String, Object> detail = queryDetail(query);
            detail.put("page", page);
            detail.put("taskKeys", result.items().stream().map(i -> i.task().taskKey()).toList());
            audit.record(caller.audit(AuditAction.READ, "case_task", "list").withDetail(detail));
            return result;
        });
    }

    /** How many tasks each tray tab holds under the query's filters. */
    WorkTray.Counts counts(Caller caller, TrayQuery query) {
        WorkTray.Scope scope = scope(caller, query, "counts");
        return transactions.execute(status -> {
            WorkTray.Counts counts = tray.counts(scope, query);
            audit.record(caller.audit(AuditAction.READ, "case_task", "counts").withDetail(queryDetail(query)));
            return counts;
        });
    }

    /** The task's history, oldest first; reading it is audited like reading the task. */
    List<TaskHistory.Entry> history(Caller caller, long taskKey) {
        TaskRow task = access.candidateTask(caller, taskKey, "read-history");
        return transactions.execute(status -> {
            List<TaskHistory.Entry> entries = historyOf.of(taskKey);
            audit.record(caller.audit(AuditAction.READ, "task_history", Long.toString(taskKey))
                    .withDetail(Map.of("caseId", task.caseId().toString(), "entries", entries.size())));
            return entries;
        });
    }

    /** The case type of a task's case, as the tray shows it. */
    String caseTypeOf(TaskRow task) {
        return mirror.caseTypeOf(task.caseId()).orElse(null);
    }

    private WorkTray.Scope scope(Caller caller, TrayQuery query, String action) {
        if (query.candidateGroup() != null && !caller.groups().contains(query.candidateGroup())) {
            access.denied(caller, "case_task", action, action + ":" + query.candidateGroup());
            throw new TasklistException.Forbidden("The caller is not a member of group " + query.candidateGroup());
        }
        if (query.tenant() != null && !caller.tenants().contains(query.tenant())) {
            access.denied(caller, "case_task", action, action + ":tenant");
            throw new TasklistException.Forbidden("The caller does not act for partnership " + query.tenant());
        }
        List<String> tenants = query.tenant() != null ? List.of(query.tenant())
                : caller.tenants().stream().sorted().toList();
        return new WorkTray.Scope(caller.groups().stream().sorted().toList(), caller.userId(), tenants,
                caller.caseTypes().stream().sorted().toList(), clock.instant());
    }

    private static Map<String, Object> queryDetail(TrayQuery query) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("view", query.view() == null ? null : query.view().name());
        detail.put("candidateGroup", query.candidateGroup());
        detail.put("assignee", query.assignee());
        detail.put("caseId", query.caseId() == null ? null : query.caseId().toString());
        detail.put("caseType", query.caseType());
        detail.put("taskType", query.taskType());
        detail.put("due", query.due() == null ? null : query.due().name());
        detail.put("tenant", query.tenant());
        return detail;
    }

    record TaskDetail(TaskRow task, Map<String, JsonNode> variables, boolean variablesAvailable,
                      TaskTimescales.DeadlineView deadline, TaskTimescales.EscalationView escalation) {
    }

    /** The task, with the variables its form reads (option lists, conditions) and the task's own inputs. */
    TaskDetail get(Caller caller, long taskKey) {
        TaskRow task = access.candidateTask(caller, taskKey, "read");
        Map<String, JsonNode> variables = new LinkedHashMap<>();
        Map<String, JsonNode> instanceScope = new LinkedHashMap<>();
        boolean available = true;
        if (task.status() == TaskStatus.OPEN) {
            try {
                variables = formVariables(task, instanceScope);
            } catch (TaskEngine.Unreachable | TaskEngine.Rejected | TasklistException.EngineUnavailable e) {
                log.info("variables of task {} not read from the engine: {}", taskKey, e.getMessage());
                available = false;
            }
        }
        Map<String, JsonNode> read = variables;
        TaskTimescales.DeadlineView deadline = timescales.deadlineOf(task).orElse(null);
        TaskTimescales.EscalationView escalation = timescales.escalationOf(task, instanceScope).orElse(null);
        transactions.executeWithoutResult(status -> audit.record(caller.audit(AuditAction.READ, "case_task", Long.toString(taskKey))
                .withDetail(Map.of("caseId", task.caseId().toString(), "variables", read.keySet()))));
        return new TaskDetail(task, variables, available, deadline, escalation);
    }

    /**
     * @param allInstanceScope filled with every root-scope variable of the instance (codes, ids and dates only: the
     *                         engine holds nothing else), for what the detail derives from them
     * @return what the form reads of the instance, and the task's own inputs
     */
    private Map<String, JsonNode> formVariables(TaskRow task, Map<String, JsonNode> allInstanceScope) {
        Set<String> wanted = forms.of(task).map(TaskForm::referencedNames).orElse(Set.of());
        Map<String, JsonNode> instanceScope = new LinkedHashMap<>();
        Map<String, JsonNode> taskScope = new LinkedHashMap<>();
        for (TaskEngine.EngineVariable v : engine.variables(task.processInstanceKey())) {
            if (v.scopeKey() == task.elementInstanceKey()) {
                taskScope.put(v.name(), parse(v.value()));
            } else if (v.scopeKey() == task.processInstanceKey()) {
                allInstanceScope.put(v.name(), parse(v.value()));
                if (wanted.contains(v.name())) {
                    instanceScope.put(v.name(), parse(v.value()));
                }
            }
        }
        Map<String, JsonNode> result = new LinkedHashMap<>(instanceScope);
        result.putAll(taskScope);
        return result;
    }

    private JsonNode parse(String value) {
        try {
            return value == null ? null : json.readTree(value);
        } catch (IOException e) {
            return TextNode.valueOf(value);
        }
    }

    TaskMirror.StoredForm form(Caller caller, long taskKey) {
        TaskRow task = access.candidateTask(caller, taskKey, "read-form");
        TaskMirror.StoredForm form = forms.stored(task).orElseThrow(() -> new TasklistException.Conflict("no-form",
                "Task " + taskKey + " has no form"));
        transactions.executeWithoutResult(status -> audit.record(caller.audit(AuditAction.READ, "task_form", Long.toString(form.formKey()))
                .withDetail(Map.of("taskKey", taskKey, "formId", form.formId()))));
        return form;
    }

    /** Assigns the task to the caller, in the engine and here; claiming one's own task again changes nothing. */
    TaskRow claim(Caller caller, long taskKey) {
        TaskRow task = access.candidateTask(caller, taskKey, "claim");
        requireOpen(task);
        if (caller.userId().equals(task.assignee())) {
            noChange(caller, task, "claim");
            return task;
        }
        if (task.assignee() != null) {
            throw claimedBySomeoneElse(taskKey);
        }
        String change = TaskMirror.assignmentChange(caller.userId());
        mirror.setAssignmentInFlight(taskKey, change);
        try {
            engine.assign(taskKey, caller.userId());
        } catch (TaskEngine.Rejected e) {
            mirror.setAssignmentInFlight(taskKey, null);
            throw engineRefused(taskKey, e);
        } catch (TaskEngine.Unreachable e) {
            mirror.setAssignmentInFlight(taskKey, null);
            throw new TasklistException.EngineUnavailable("The engine cannot be reached; the task was not claimed");
        }
        transactions.executeWithoutResult(status -> {
            mirror.setAssignmentInFlight(taskKey, null);
            if (mirror.setAssignee(taskKey, caller.userId(), null)) {
                caseEvents.taskAssigned(task.caseId(), taskKey, task.taskType(), task.roleOf(caller));
                lifecycle.claimed(task, caller);
            }
            audit.record(caller.audit(AuditAction.UPDATE, "case_task", Long.toString(taskKey))
                    .withDetail(Map.of("caseId", task.caseId().toString(), "change", "claimed")));
        });
        return mirror.find(taskKey).orElseThrow();
    }

    /** Gives the caller's claim up; only the assignee can. Unassigning an unassigned task changes nothing. */
    TaskRow unassign(Caller caller, long taskKey) {
        TaskRow task = access.candidateTask(caller, taskKey, "unassign");
        requireOpen(task);
        if (task.assignee() == null) {
            noChange(caller, task, "unassign");
            return task;
        }
        if (!task.assignee().equals(caller.userId())) {
            throw claimedBySomeoneElse(taskKey);
        }
        mirror.setAssignmentInFlight(taskKey, TaskMirror.assignmentChange(null));
        try {
            engine.unassign(taskKey);
        } catch (TaskEngine.Rejected e) {
            mirror.setAssignmentInFlight(taskKey, null);
            throw engineRefused(taskKey, e);
        } catch (TaskEngine.Unreachable e) {
            mirror.setAssignmentInFlight(taskKey, null);
            throw new TasklistException.EngineUnavailable("The engine cannot be reached; the task is still claimed");
        }
        transactions.executeWithoutResult(status -> {
            mirror.setAssignmentInFlight(taskKey, null);
            if (mirror.setAssignee(taskKey, null, null)) {
                caseEvents.taskUnassigned(task.caseId(), taskKey, task.taskType());
                lifecycle.unassigned(task, caller);
            }
            audit.record(caller.audit(AuditAction.UPDATE, "case_task", Long.toString(taskKey))
                    .withDetail(Map.of("caseId", task.caseId().toString(), "change", "unassigned")));
        });
        return mirror.find(taskKey).orElseThrow();
    }

    /** A request that found nothing to change still showed the caller the task: audited as a read. */
    private void noChange(Caller caller, TaskRow task, String request) {
        transactions.executeWithoutResult(status -> audit.record(caller.audit(AuditAction.READ, "case_task", Long.toString(task.taskKey()))
                .withDetail(Map.of("caseId", task.caseId().toString(), "request", request,
                        "result", "no-change"))));
    }

    private static void requireOpen(TaskRow task) {
        if (task.status() != TaskStatus.OPEN) {
            throw new TasklistException.Conflict("task-not-open", "Task " + task.taskKey() + " is "
                    + task.status().name().toLowerCase());
        }
    }

    private static TasklistException claimedBySomeoneElse(long taskKey) {
        return new TasklistException.Conflict("claimed-by-someone-else", "Task " + taskKey
                + " is claimed by another user");
    }

    private static TasklistException engineRefused(long taskKey, TaskEngine.Rejected e) {
        return switch (e.status()) {
            case 404 -> new TasklistException.Conflict("task-not-open", "Task " + taskKey + " has ended in the engine");
            case 409 -> claimedBySomeoneElse(taskKey);
            default -> new TasklistException.Conflict("engine-refused", "The engine refused the change to task "
                    + taskKey + " (" + e.status() + ")");
        };
    }
}
