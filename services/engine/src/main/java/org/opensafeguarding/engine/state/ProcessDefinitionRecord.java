package org.opensafeguarding.engine.state;

public class ProcessDefinitionRecord extends EngineRecord {
    public String bpmnProcessId;
    public String name;
    public int version;
    public String versionTag;
    public String resourceName;
    public String resource;
    public String checksum;
    public long deploymentKey;
    public String tenantId = "<default>";

    @Override
    public RecordKind kind() {
        return RecordKind.PROCESS_DEFINITION;
    }
}
