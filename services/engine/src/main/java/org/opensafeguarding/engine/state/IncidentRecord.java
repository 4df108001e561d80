package org.opensafeguarding.engine.state;

public class IncidentRecord extends EngineRecord {
    public IncidentState state = IncidentState.ACTIVE;
    /** Camunda's error type, e.g. JOB_NO_RETRIES, EXTRACT_VALUE_ERROR, CONDITION_ERROR. */
    public String errorType;
    public String errorMessage;
    public long elementInstanceKey;
    public String elementId;
    public long processInstanceKey;
    public long processDefinitionKey;
    public String bpmnProcessId;
    public Long jobKey;
    /** For an incident of a timer that could not fire: that timer, which waits until the incident is resolved. */
    public Long timerKey;
    public long creationTime;
    public String tenantId = "<default>";

    @Override
    public RecordKind kind() {
        return RecordKind.INCIDENT;
    }
}
