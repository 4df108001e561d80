package org.opensafeguarding.reporting.events;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** The case-event types of docs/events.md the projections understand; any other type is parked, not fatal. */
public enum EventType {
    CASE_OPENED("case.opened"),
    TASK_CREATED("case.task.created"),
    TASK_ASSIGNED("case.task.assigned"),
    TASK_UNASSIGNED("case.task.unassigned"),
    TASK_COMPLETED("case.task.completed"),
    TASK_CANCELED("case.task.canceled"),
    DECISION_RECORDED("case.decision.recorded"),
    DEADLINE_SET("case.deadline.set"),
    DEADLINE_MET("case.deadline.met"),
    DEADLINE_BREACHED("case.deadline.breached"),
    DEADLINE_LAPSED("case.deadline.lapsed"),
    OUTCOME_RECORDED("case.outcome.recorded"),
    NOTICE_SENT("case.notice.sent"),
    CASE_CLOSED("case.closed"),
    BREAK_GLASS("case.access.break-glass");

    public static final String PREFIX = "org.opensafeguarding.";

    private final String cloudEventType;

    EventType(String suffix) {
        this.cloudEventType = PREFIX + suffix;
    }

    public String cloudEventType() {
        return cloudEventType;
    }

    private static final Map<String, EventType> BY_TYPE = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(EventType::cloudEventType, t -> t));

    public static Optional<EventType> of(String type) {
        return type == null ? Optional.empty() : Optional.ofNullable(BY_TYPE.get(type));
    }
}
