package org.opensafeguarding.engine.processing;

import io.camunda.zeebe.model.bpmn.instance.BoundaryEvent;
import io.camunda.zeebe.model.bpmn.instance.ErrorEventDefinition;
import io.camunda.zeebe.model.bpmn.instance.StartEvent;
import java.util.Map;
import org.opensafeguarding.engine.model.ProcessModel;
import org.opensafeguarding.engine.state.ElementInstanceRecord;
import org.opensafeguarding.engine.state.ElementType;
import org.opensafeguarding.engine.state.EngineState;
import org.opensafeguarding.engine.state.ProcessInstanceRecord;

/** A thrown BPMN error (an error end event, or a worker's throw-error command) and what catches it. */
final class ErrorEvents {

    private final ProcessExecutor executor;
    private final EngineState state;
    private final EventSubProcesses eventSubProcesses;
    private final EventTriggers triggers;

    ErrorEvents(ProcessExecutor executor) {
        this.executor = executor;
        this.state = executor.state();
        this.eventSubProcesses = executor.eventSubProcesses();
        this.triggers = executor.triggers();
    }

    /**
     * Looks for an error event subprocess or error boundary event catching the code, from the given scope outwards
     * and across call activities; without one the throwing element gets an UNHANDLED_ERROR_EVENT incident.
     */
    boolean throwError(ElementInstanceRecord thrower, Long startScopeKey, String errorCode, String errorMessage,
                       Map<String, Object> errorVariables) {
        Long current = startScopeKey;
        while (current != null) {
            ElementInstanceRecord candidate = state.elementInstance(current);
            StartEvent errorStart = eventSubProcesses.catching(candidate, errorCode);
            if (errorStart != null) {
                eventSubProcesses.trigger(candidate, errorStart, errorVariables);
                return true;
            }
            if (candidate.type == ElementType.PROCESS) {
                ProcessInstanceRecord instance = state.processInstance(candidate.key);
                current = instance.parentElementInstanceKey;
                continue;
            }
            if (!executor.isInnerInstance(candidate)) {
                for (BoundaryEvent boundary : executor.model(candidate.processDefinitionKey)
                        .boundaryEvents(candidate.elementId)) {
                    if (ProcessModel.eventDefinition(boundary) instanceof ErrorEventDefinition error
                            && catches(error, errorCode)) {
                        triggers.boundary(candidate, boundary, errorVariables);
                        return true;
                    }
                }
            }
            current = candidate.flowScopeKey;
        }
        executor.incidents().raiseIncident(thrower, "UNHANDLED_ERROR_EVENT", "Expected to throw an error event with "
                + "the code '" + errorCode + "'" + (errorMessage == null ? "" : " with message '" + errorMessage + "'")
                + ", but it was not caught. No error events are available in the scope.", null, null);
        return false;
    }

    /** An error definition without a code catches every error. */
    static boolean catches(ErrorEventDefinition definition, String errorCode) {
        return definition.getError() == null || definition.getError().getErrorCode() == null
                || definition.getError().getErrorCode().isBlank()
                || definition.getError().getErrorCode().equals(errorCode);
    }
}
