package org.opensafeguarding.engine.state;

/**
 * Kind of an element instance, named as Camunda's REST API reports it; stored and served by name, so the constant
 * names are part of the stored format.
 */
public enum ElementType {
    PROCESS,
    START_EVENT,
    END_EVENT,
    SERVICE_TASK,
    USER_TASK,
    EXCLUSIVE_GATEWAY,
    PARALLEL_GATEWAY,
    INCLUSIVE_GATEWAY,
    EVENT_BASED_GATEWAY,
    INTERMEDIATE_CATCH_EVENT,
    INTERMEDIATE_THROW_EVENT,
    BOUNDARY_EVENT,
    SUB_PROCESS,
    EVENT_SUB_PROCESS,
    CALL_ACTIVITY,
    SEND_TASK,
    BUSINESS_RULE_TASK,
    SCRIPT_TASK,
    RECEIVE_TASK,
    MANUAL_TASK,
    TASK,
    MULTI_INSTANCE_BODY,
    UNKNOWN
}
