package org.opensafeguarding.engine.state;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

public class UserTaskRecord extends EngineRecord {
    public String state = "CREATED";
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

    @Override
    public RecordKind kind() {
        return RecordKind.USER_TASK;
    }
}
