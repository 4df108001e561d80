package org.opensafeguarding.engine.state;

public class MessageSubscriptionRecord extends EngineRecord {
    public String state = "CREATED";
    public long elementInstanceKey;
    public long processInstanceKey;
    public long processDefinitionKey;
    public String bpmnProcessId;
    /** The message event's id (the catch event or the boundary event). */
    public String targetElementId;
    public String messageName;
    public String correlationKey;
    public long lastUpdated;
    public String tenantId = "<default>";

    @Override
    public RecordKind kind() {
        return RecordKind.MESSAGE_SUBSCRIPTION;
    }
}
