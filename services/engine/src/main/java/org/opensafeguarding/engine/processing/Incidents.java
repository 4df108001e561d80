package org.opensafeguarding.engine.processing;

import org.opensafeguarding.engine.state.ElementInstanceRecord;
import org.opensafeguarding.engine.state.EngineState;
import org.opensafeguarding.engine.state.IncidentRecord;

/** Raising an incident: the element stops where it was, to be retried when the incident is resolved. */
final class Incidents {

    private final ProcessExecutor executor;
    private final EngineState state;

    Incidents(ProcessExecutor executor) {
        this.executor = executor;
        this.state = executor.state();
    }

    IncidentRecord raiseIncident(ElementInstanceRecord instance, String errorType, String message, Long jobKey,
                                 String pendingStep) {
        IncidentRecord incident = new IncidentRecord();
        incident.key = state.newKey();
        incident.errorType = errorType;
        incident.errorMessage = message;
        incident.elementInstanceKey = instance.key;
        incident.elementId = instance.elementId;
        incident.processInstanceKey = instance.processInstanceKey;
        incident.processDefinitionKey = instance.processDefinitionKey;
        incident.bpmnProcessId = instance.bpmnProcessId;
        incident.jobKey = jobKey;
        incident.creationTime = executor.now();
        incident.tenantId = instance.tenantId;
        state.put(incident);
        instance.incidentKey = incident.key;
        instance.pendingStep = pendingStep;
        state.put(instance);
        return incident;
    }
}
