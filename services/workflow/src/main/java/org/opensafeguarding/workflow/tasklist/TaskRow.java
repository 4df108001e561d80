package org.opensafeguarding.workflow.tasklist;

import org.opensafeguarding.workflow.casefile.CaseId;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** One mirrored user task (case_task). */
record TaskRow(long taskKey, CaseId caseId, long processInstanceKey, long elementInstanceKey, String processId,
               String elementId, String name, Long formKey, String formId, List<String> candidateGroups,
               List<String> candidateUsers, String assignee, Instant dueAt, Instant followUpAt, int priority,
               Map<String, String> customHeaders, TaskStatus status, Instant createdAt, Instant endedAt) {

    /** The task type in case events: the BPMN element id, which names the step within the process version. */
    String taskType() {
        return elementId;
    }

    boolean visibleTo(Caller caller) {
        return caller.memberOfAny(candidateGroups) || candidateUsers.contains(caller.userId());
    }

    /**
     * The role a person acts in when they take this task: the first of its candidate groups they belong to. Events
     * carry this role, never the person.
     */
    String roleOf(Caller caller) {
        return candidateGroups.stream().filter(caller.groups()::contains).findFirst().orElseGet(this::defaultRole);
    }

    /** The role when the person is not known (a change seen in the engine): the task's first candidate group. */
    String defaultRole() {
        return candidateGroups.isEmpty() ? "candidate-user" : candidateGroups.get(0);
    }
}
