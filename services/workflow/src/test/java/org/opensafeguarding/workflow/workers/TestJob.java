package org.opensafeguarding.workflow.workers;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.api.response.DocumentReferenceResponse;
import io.camunda.client.api.response.UserTaskProperties;
import io.camunda.client.api.search.enums.JobKind;
import io.camunda.client.api.search.enums.ListenerEventType;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/** A job as the engine would hand it to a worker, for calling worker methods directly. */
final class TestJob implements ActivatedJob {

    private static final AtomicLong KEYS = new AtomicLong(4_503_599_627_370_496L);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final long key;
    private final String type;
    private final String elementId;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private final Map<String, Object> variables = new LinkedHashMap<>();

    private TestJob(long key, String type, String elementId) {
        this.key = key;
        this.type = type;
        this.elementId = elementId;
    }

    /** A new job (a new key) of this type on this element. */
    static TestJob of(String type, String elementId) {
        return new TestJob(KEYS.incrementAndGet(), type, elementId);
    }

    /** The same job delivered again: same key, headers and variables. */
    TestJob redelivered() {
        TestJob again = new TestJob(key, type, elementId);
        again.headers.putAll(headers);
        again.variables.putAll(variables);
        return again;
    }

    /** Another job (a new key) with the same headers and variables: the step reached again. */
    TestJob another() {
        TestJob other = of(type, elementId);
        other.headers.putAll(headers);
        other.variables.putAll(variables);
        return other;
    }

    TestJob header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    TestJob variable(String name, Object value) {
        variables.put(name, value);
        return this;
    }

    @Override
    public long getKey() {
        return key;
    }

    @Override
    public String getType() {
        return type;
    }

    @Override
    public long getProcessInstanceKey() {
        return 2_251_799_813_685_249L;
    }

    @Override
    public String getBpmnProcessId() {
        return "test-process";
    }

    @Override
    public int getProcessDefinitionVersion() {
        return 1;
    }

    @Override
    public long getProcessDefinitionKey() {
        return 2_251_799_813_685_248L;
    }

    @Override
    public String getElementId() {
        return elementId;
    }

    @Override
    public long getElementInstanceKey() {
        return key - 1;
    }

    @Override
    public Map<String, String> getCustomHeaders() {
        return Map.copyOf(headers);
    }

    @Override
    public String getWorker() {
        return "test";
    }

    @Override
    public int getRetries() {
        return 3;
    }

    @Override
    public long getDeadline() {
        return System.currentTimeMillis() + 300_000;
    }

    @Override
    public String getVariables() {
        try {
            return JSON.writeValueAsString(variables);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public Map<String, Object> getVariablesAsMap() {
        return new HashMap<>(variables);
    }

    @Override
    public <T> T getVariablesAsType(Class<T> variableType) {
        return JSON.convertValue(variables, variableType);
    }

    @Override
    public Object getVariable(String name) {
        return variables.get(name);
    }

    @Override
    public UserTaskProperties getUserTask() {
        return null;
    }

    @Override
    public JobKind getKind() {
        return JobKind.BPMN_ELEMENT;
    }

    @Override
    public ListenerEventType getListenerEventType() {
        return ListenerEventType.UNSPECIFIED;
    }

    @Override
    public String toJson() {
        return getVariables();
    }

    @Override
    public String getTenantId() {
        return "<default>";
    }

    @Override
    public List<DocumentReferenceResponse> getDocumentReferences(String variableName) {
        return List.of();
    }

    @Override
    public Set<String> getTags() {
        return Set.of();
    }
}
