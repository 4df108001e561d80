package org.opensafeguarding.engine.processing;

import org.opensafeguarding.engine.state.ElementInstanceRecord;
import org.opensafeguarding.engine.state.EngineState;
import org.opensafeguarding.engine.state.IncidentRecord;
import org.opensafeguarding.engine.state.IncidentState;
import org.opensafeguarding.engine.state.RecordKind;
import org.opensafeguarding.engine.state.TimerRecord;

/**
 * Raising an incident: the element stops where it was, to be retried when the incident is resolved; or, for a timer
 * that could not fire, only the timer stops.
 */
final class Incidents {

    private final ProcessExecutor executor;
    private final EngineState state;

    Incidents(ProcessExecutor executor) {
        this.executor = executor;
        this.state = executor.state();
    }

    IncidentRecord raiseIncident(ElementInstanceRecord instance, String errorType, String message, Long jobKey,
                                 String pendingStep) {
        IncidentRecord incident = newIncident(instance, errorType, message);
        incident.jobKey = jobKey;
        state.put(incident);
        instance.incidentKey = incident.key;
        instance.pendingStep = pendingStep;
        state.put(instance);
        return incident;
    }

    /**
     * A timer that could not fire, on the element instance that waits for it. The incident holds the timer, not the
     * element: the element goes on (its job stays activatable, its user task can be completed) and keeps the one
     * incident slot it has for its own failures.
     */
    IncidentRecord raiseForTimer(ElementInstanceRecord instance, TimerRecord timer, String message) {
        IncidentRecord incident = newIncident(instance, "UNKNOWN", message);
        incident.timerKey = timer.key;
        state.put(incident);
        timer.incidentKey = incident.key;
        state.put(timer);
        return incident;
    }

    /** The timer ends with its element (or is replaced): its incident has nothing left to hold. */
    void timerRemoved(TimerRecord timer) {
        if (timer.incidentKey == null) {
            return;
        }
        IncidentRecord incident = state.get(RecordKind.INCIDENT, timer.incidentKey);
        if (incident != null && incident.state == IncidentState.ACTIVE) {
            incident.state = IncidentState.RESOLVED;
            state.put(incident);
        }
        timer.incidentKey = null;
    }

    private IncidentRecord newIncident(ElementInstanceRecord instance, String errorType, String message) {
        IncidentRecord incident = new IncidentRecord();
        incident.key = state.newKey();
        incident.errorType = errorType;
        incident.errorMessage = message;
        incident.elementInstanceKey = instance.key;
        incident.elementId = instance.elementId;
        incident.processInstanceKey = instance.processInstanceKey;
        incident.processDefinitionKey = instance.processDefinitionKey;
        incident.bpmnProcessId = instance.bpmnProcessId;
        incident.creationTime = executor.now();
        incident.tenantId = instance.tenantId;
        return incident;
    }
}
