package org.opensafeguarding.engine.state;

public enum RecordKind {
    PROCESS_DEFINITION(ProcessDefinitionRecord.class),
    FORM(FormRecord.class),
    PROCESS_INSTANCE(ProcessInstanceRecord.class),
    ELEMENT_INSTANCE(ElementInstanceRecord.class),
    VARIABLE(VariableRecord.class),
    JOB(JobRecord.class),
    USER_TASK(UserTaskRecord.class),
    TIMER(TimerRecord.class),
    MESSAGE_SUBSCRIPTION(MessageSubscriptionRecord.class),
    MESSAGE(MessageRecord.class),
    INCIDENT(IncidentRecord.class);

    private final Class<? extends EngineRecord> type;

    RecordKind(Class<? extends EngineRecord> type) {
        this.type = type;
    }

    public Class<? extends EngineRecord> type() {
        return type;
    }
}
