package org.opensafeguarding.engine.state;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/** A published message kept for its time to live, so that subscriptions opened later can still receive it. */
public class MessageRecord extends EngineRecord {
    public String name;
    public String correlationKey;
    public String messageId;
    public Map<String, Object> variables = new LinkedHashMap<>();
    public long publishedAt;
    public long expiresAt;
    /** BPMN process ids this message already started or was correlated into: once per process, as in Camunda. */
    public Set<String> correlatedProcesses = new LinkedHashSet<>();
    public String tenantId = "<default>";

    @Override
    public RecordKind kind() {
        return RecordKind.MESSAGE;
    }
}
