package org.opensafeguarding.engine.state;

import java.util.LinkedHashMap;
import java.util.Map;

public class JobRecord extends EngineRecord {
    /** CREATED (activatable), ACTIVATED, FAILED (no retries or backing off), COMPLETED, ERROR_THROWN, CANCELED. */
    public JobState state = JobState.CREATED;
    public String type;
    public int retries;
    public long deadline;
    public String worker;
    public long retryAt;
    public String errorMessage;
    public String errorCode;
    public Map<String, String> customHeaders = new LinkedHashMap<>();
    public long elementInstanceKey;
    public long processInstanceKey;
    public long processDefinitionKey;
    public String bpmnProcessId;
    public int processDefinitionVersion;
    public String elementId;
    public long creationTime;
    public long endTime;
    public String tenantId = "<default>";
    /** BPMN_ELEMENT for a task's own job, TASK_LISTENER for a user task listener's. */
    public String jobKind = "BPMN_ELEMENT";
    /** For a task listener job: CREATING, ASSIGNING, UPDATING, COMPLETING or CANCELING; otherwise UNSPECIFIED. */
    public String listenerEventType = "UNSPECIFIED";
    /** For a task listener job: the user task it listens to. */
    public Long userTaskKey;

    public boolean isTaskListener() {
        return "TASK_LISTENER".equals(jobKind);
    }

    /** Not yet ended: waiting, with a worker, or failed (backing off or held by an incident). */
    public boolean isOpen() {
        return state == JobState.CREATED || state == JobState.ACTIVATED || state == JobState.FAILED;
    }

    public boolean isActivatableAt(long now) {
        return state == JobState.CREATED || (state == JobState.FAILED && retries > 0 && retryAt <= now);
    }

    @Override
    public RecordKind kind() {
        return RecordKind.JOB;
    }
}
