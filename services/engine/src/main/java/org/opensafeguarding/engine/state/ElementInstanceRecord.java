package org.opensafeguarding.engine.state;

import java.util.HashMap;
import java.util.Map;

/** One execution of one BPMN element (or of the process itself, or of a multi-instance body). */
public class ElementInstanceRecord extends EngineRecord {
    public long processInstanceKey;
    public long processDefinitionKey;
    public String bpmnProcessId;
    public String elementId;
    public String elementName;
    /** Camunda's element type name, e.g. SERVICE_TASK, MULTI_INSTANCE_BODY. */
    public ElementType type;
    public ElementInstanceState state = ElementInstanceState.ACTIVE;
    /** Key of the enclosing element instance; null for the process instance itself. */
    public Long flowScopeKey;
    public long startDate;
    public Long endDate;
    public Long incidentKey;
    public String tenantId = "<default>";

    /** Children still active, so a scope knows when it is done. */
    public int activeChildren;
    /** Parallel gateway joins: sequence flows that arrived but were not consumed yet, per flow id. */
    public Map<String, Integer> joinArrivals = new HashMap<>();
    /** Multi-instance body: the evaluated input collection and how far it has got. */
    public java.util.List<Object> miItems;
    public int miNextIndex;
    public int miCompleted;
    /** Multi-instance inner instance: its position (1-based, like loopCounter). */
    public Integer loopCounter;
    /** Call activity: the called process instance. */
    public Long calledProcessInstanceKey;
    /** Where the activation stopped when an incident interrupted it, so resolution can retry that step. */
    public String pendingStep;
    /** Boundary or event that should be activated once this element finished terminating. */
    public String interruptedBy;
    public Map<String, Object> interruptVariables;

    @Override
    public RecordKind kind() {
        return RecordKind.ELEMENT_INSTANCE;
    }
}
