package org.opensafeguarding.engine.state;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

public class UserTaskRecord extends EngineRecord {
    /** While its task listeners run for a transition, that transition takes effect when the last job completes. */
    public UserTaskState state = UserTaskState.CREATED;
    public String name;
    public String assignee;
    public List<String> candidateGroups = new ArrayList<>();
    public List<String> candidateUsers = new ArrayList<>();
    public String dueDate;
    public String followUpDate;
    public int priority = 50;
    public Long formKey;
    public String externalFormReference;
    public Map<String, String> customHeaders = new LinkedHashMap<>();
    public long elementInstanceKey;
    public long processInstanceKey;
    public long processDefinitionKey;
    public String bpmnProcessId;
    public int processDefinitionVersion;
    public String elementId;
    public long creationDate;
    public Long completionDate;
    public String tenantId = "<default>";
    /** The transition its task listeners are running for, while one is: what takes effect when they complete. */
    public Transition transition;

    /**
     * A lifecycle change waiting for the task's listeners (Camunda 8.8 user task listeners block the change until
     * each listener job has completed, in model order).
     */
    public static class Transition {
        /** The listener event: CREATING, ASSIGNING, UPDATING, COMPLETING or CANCELING. */
        public String eventType;
        /** What the caller asked for, as the listener job shows it: assign, claim, unassign, update, complete. */
        public String action = "";
        /** Which of the event's listeners runs now (index in model order). */
        public int listenerIndex;
        public long listenerJobKey;
        /** ASSIGNING: the assignee the change sets, null to unassign. */
        public String assignee;
        /** UPDATING: the attributes the change sets (null = unchanged). */
        public String dueDate;
        public String followUpDate;
        public List<String> candidateUsers;
        public List<String> candidateGroups;
        public Integer priority;
        public List<String> changedAttributes = new ArrayList<>();
        /** COMPLETING: the variables the completion carries. */
        public Map<String, Object> variables;
        /** CREATING: the assignee from the model, assigned (through the assigning listeners) once created. */
        public String initialAssignee;
    }

    @Override
    public RecordKind kind() {
        return RecordKind.USER_TASK;
    }
}
