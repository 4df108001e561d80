package org.opensafeguarding.engine.state;

public class FormRecord extends EngineRecord {
    public String formId;
    public int version;
    public String resourceName;
    public String resource;
    public String checksum;
    public long deploymentKey;
    public String tenantId = "<default>";

    @Override
    public RecordKind kind() {
        return RecordKind.FORM;
    }
}
