package org.opensafeguarding.engine.state;

import java.util.LinkedHashSet;
import java.util.Set;

/** The process instance as a whole; its root element instance has the same key. */
public class ProcessInstanceRecord extends EngineRecord {
    public long processDefinitionKey;
    public String bpmnProcessId;
    public int version;
    public ProcessInstanceState state = ProcessInstanceState.ACTIVE;
    public long startDate;
    public Long endDate;
    public Long parentProcessInstanceKey;
    public Long parentElementInstanceKey;
    public String tenantId = "<default>";
    public Set<String> takenSequenceFlows = new LinkedHashSet<>();
    /** Correlation key of the message that started the instance: one active instance per key and process. */
    public String startedByCorrelationKey;

    @Override
    public RecordKind kind() {
        return RecordKind.PROCESS_INSTANCE;
    }
}
