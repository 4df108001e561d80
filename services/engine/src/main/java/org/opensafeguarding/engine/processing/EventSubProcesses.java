package org.opensafeguarding.engine.processing;

import io.camunda.zeebe.model.bpmn.instance.ErrorEventDefinition;
import io.camunda.zeebe.model.bpmn.instance.FlowElement;
import io.camunda.zeebe.model.bpmn.instance.StartEvent;
import io.camunda.zeebe.model.bpmn.instance.SubProcess;
import java.util.Collection;
import java.util.Map;
import org.opensafeguarding.engine.feel.ExpressionException;
import org.opensafeguarding.engine.model.ProcessModel;
import org.opensafeguarding.engine.state.ElementInstanceRecord;
import org.opensafeguarding.engine.state.ElementInstanceState;
import org.opensafeguarding.engine.state.ElementType;
import org.opensafeguarding.engine.state.EngineRecord;
import org.opensafeguarding.engine.state.EngineState;
import org.opensafeguarding.engine.state.MessageSubscriptionRecord;
import org.opensafeguarding.engine.state.MessageSubscriptionState;
import org.opensafeguarding.engine.state.TimerRecord;

/**
 * Event subprocesses: the timers and message subscriptions of their start events, held by the scope they sit in
 * (a process or subprocess), and what happens when one of them, or a thrown error, starts one.
 */
final class EventSubProcesses {

    private final ProcessExecutor executor;
    private final EngineState state;
    private final EventWaits waits;
    private final VariableMappings mappings;
    private final Incidents incidents;

    EventSubProcesses(ProcessExecutor executor) {
        this.executor = executor;
        this.state = executor.state();
        this.waits = executor.waits();
        this.mappings = executor.mappings();
        this.incidents = executor.incidents();
    }

    /** Opens the waits of the event subprocesses directly inside a scope (closing any it had). */
    void open(ElementInstanceRecord scope, Collection<FlowElement> elements) {
        closeWaits(scope);
        for (FlowElement element : elements) {
            if (element instanceof SubProcess sub && sub.triggeredByEvent()) {
                StartEvent start = startOf(sub);
                waits.open(scope, start.getId(), ProcessModel.eventDefinition(start));
                if (scope.state != ElementInstanceState.ACTIVE) {
                    return;
                }
            }
        }
    }

    private static StartEvent startOf(SubProcess sub) {
        for (FlowElement child : sub.getFlowElements()) {
            if (child instanceof StartEvent start) {
                return start;
            }
        }
        throw new IllegalStateException("event subprocess " + sub.getId() + " has no start event");
    }

    private void closeWaits(ElementInstanceRecord scope) {
        ProcessModel model = executor.model(scope.processDefinitionKey);
        for (EngineRecord wait : state.waitsOf(scope.key)) {
            if (wait instanceof TimerRecord timer && model.element(timer.targetElementId) instanceof StartEvent) {
                waits.removeTimer(timer);
            } else if (wait instanceof MessageSubscriptionRecord subscription
                    && subscription.state == MessageSubscriptionState.CREATED
                    && model.element(subscription.targetElementId) instanceof StartEvent) {
                subscription.state = MessageSubscriptionState.DELETED;
                subscription.lastUpdated = executor.now();
                state.put(subscription);
            }
        }
    }

    /**
     * An event subprocess starts in its scope. Interrupting: everything else in the scope, including the other
     * event subprocesses' subscriptions, ends first; the scope completes when the event subprocess does.
     */
    void trigger(ElementInstanceRecord scope, StartEvent start, Map<String, Object> eventVariables) {
        if (scope.state != ElementInstanceState.ACTIVE) {
            return;
        }
        SubProcess sub = (SubProcess) start.getParentElement();
        if (start.isInterrupting()) {
            closeWaits(scope);
            for (ElementInstanceRecord child : state.children(scope.key)) {
                executor.terminate(child);
            }
            scope.joinArrivals.clear();
            state.put(scope);
        }
        ElementInstanceRecord eventSub = executor.newElementInstance(scope, sub, ElementType.EVENT_SUB_PROCESS);
        ElementInstanceRecord startInstance = executor.newElementInstance(eventSub, start, ElementType.START_EVENT);
        mappings.acceptResultVariables(startInstance, eventVariables);
        executor.schedule(() -> {
            try {
                mappings.applyInputMappings(eventSub, sub);
            } catch (ExpressionException e) {
                incidents.raiseIncident(eventSub, e.errorType(), e.getMessage(), null, null);
                return;
            }
            executor.leave(startInstance);
        });
    }

    /**
     * The start event of an error event subprocess directly inside the scope that catches the code, or null. One
     * naming the code wins over one catching every error.
     */
    StartEvent catching(ElementInstanceRecord scope, String errorCode) {
        if (scope.state != ElementInstanceState.ACTIVE) {
            return null;
        }
        Collection<FlowElement> elements;
        ProcessModel model = executor.model(scope.processDefinitionKey);
        if (scope.type == ElementType.PROCESS) {
            elements = model.process().getFlowElements();
        } else if ((scope.type == ElementType.SUB_PROCESS || scope.type == ElementType.EVENT_SUB_PROCESS)
                && model.node(scope.elementId) instanceof SubProcess sub) {
            elements = sub.getFlowElements();
        } else {
            return null;
        }
        StartEvent catchAll = null;
        for (FlowElement element : elements) {
            if (element instanceof SubProcess sub && sub.triggeredByEvent()) {
                StartEvent start = startOf(sub);
                if (ProcessModel.eventDefinition(start) instanceof ErrorEventDefinition error
                        && ErrorEvents.catches(error, errorCode)) {
                    boolean specific = error.getError() != null && error.getError().getErrorCode() != null
                            && !error.getError().getErrorCode().isBlank();
                    if (specific) {
                        return start;
                    }
                    catchAll = catchAll == null ? start : catchAll;
                }
            }
        }
        return catchAll;
    }
}
