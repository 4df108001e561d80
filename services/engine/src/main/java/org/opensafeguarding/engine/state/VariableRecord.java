package org.opensafeguarding.engine.state;

public class VariableRecord extends EngineRecord {
    public long scopeKey;
    public long processInstanceKey;
    public String name;
    /** The value as JSON text, which is also how the REST API reports it. */
    public String value;
    public String tenantId = "<default>";

    @Override
    public RecordKind kind() {
        return RecordKind.VARIABLE;
    }
}
