package org.opensafeguarding.workflow.events;

/** The changes to a case that matter downstream; each is one CloudEvents {@code type}. */
public enum CaseEventType {
    CASE_OPENED("org.opensafeguarding.case.opened"),
    TASK_CREATED("org.opensafeguarding.case.task.created"),
    TASK_ASSIGNED("org.opensafeguarding.case.task.assigned"),
    TASK_COMPLETED("org.opensafeguarding.case.task.completed"),
    /** A claim was given up: the task is back in its candidate groups' queue. */
    TASK_UNASSIGNED("org.opensafeguarding.case.task.unassigned"),
    /** The engine ended the task without a completion (interrupting event, instance canceled). */
    TASK_CANCELED("org.opensafeguarding.case.task.canceled"),
    DECISION_RECORDED("org.opensafeguarding.case.decision.recorded"),
    DEADLINE_SET("org.opensafeguarding.case.deadline.set"),
    DEADLINE_MET("org.opensafeguarding.case.deadline.met"),
    DEADLINE_BREACHED("org.opensafeguarding.case.deadline.breached"),
    DEADLINE_LAPSED("org.opensafeguarding.case.deadline.lapsed"),
    OUTCOME_RECORDED("org.opensafeguarding.case.outcome.recorded"),
    /** A statutory notice, notification or data submission left the service (panel, Ofsted, partners, NCMD). */
    NOTICE_SENT("org.opensafeguarding.case.notice.sent"),
    CASE_CLOSED("org.opensafeguarding.case.closed"),
    /** Someone broke the glass to see inside a restricted case (docs/security.md): for the manager's attention. */
    ACCESS_BREAK_GLASS("org.opensafeguarding.case.access.break-glass");

    private final String cloudEventType;

    CaseEventType(String cloudEventType) {
        this.cloudEventType = cloudEventType;
    }

    public String cloudEventType() {
        return cloudEventType;
    }
}
