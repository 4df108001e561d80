package org.opensafeguarding.engine.processing;

import io.camunda.zeebe.model.bpmn.instance.BoundaryEvent;
import io.camunda.zeebe.model.bpmn.instance.FlowElement;
import io.camunda.zeebe.model.bpmn.instance.FlowNode;
import io.camunda.zeebe.model.bpmn.instance.SequenceFlow;
import io.camunda.zeebe.model.bpmn.instance.StartEvent;
import java.util.Map;
import org.opensafeguarding.engine.feel.ExpressionException;
import org.opensafeguarding.engine.state.ElementInstanceRecord;
import org.opensafeguarding.engine.state.ElementInstanceState;
import org.opensafeguarding.engine.state.ElementType;
import org.opensafeguarding.engine.state.EngineState;
import org.opensafeguarding.engine.state.MessageSubscriptionRecord;
import org.opensafeguarding.engine.state.MessageSubscriptionState;
import org.opensafeguarding.engine.state.ProcessInstanceRecord;
import org.opensafeguarding.engine.state.TimerRecord;

/**
 * A timer that fired or a message that was correlated, delivered to what waits for it: the catching element itself,
 * an event-based gateway, an event subprocess's start event or a boundary event.
 */
final class EventTriggers {

    private final ProcessExecutor executor;
    private final EngineState state;
    private final EventWaits waits;
    private final VariableMappings mappings;
    private final EventSubProcesses eventSubProcesses;

    EventTriggers(ProcessExecutor executor) {
        this.executor = executor;
        this.state = executor.state();
        this.waits = executor.waits();
        this.mappings = executor.mappings();
        this.eventSubProcesses = executor.eventSubProcesses();
    }

    void timer(TimerRecord timer) {
        if (timer.elementInstanceKey == TimerStartEvents.NO_ELEMENT_INSTANCE) {
            state.remove(timer);
            TimerStartEvents.fire(executor, state, timer);
            return;
        }
        ElementInstanceRecord instance = state.elementInstance(timer.elementInstanceKey);
        waits.removeTimer(timer);
        if (instance == null || instance.state != ElementInstanceState.ACTIVE) {
            return;
        }
        if (instance.elementId.equals(timer.targetElementId) && instance.type != ElementType.MULTI_INSTANCE_BODY) {
            executor.leave(instance);
            return;
        }
        if (instance.type == ElementType.EVENT_BASED_GATEWAY) {
            eventBasedGateway(instance, timer.targetElementId, Map.of());
            return;
        }
        FlowElement target = executor.model(instance.processDefinitionKey).element(timer.targetElementId);
        if (target instanceof StartEvent start) {
            if (!start.isInterrupting()) {
                waits.repeat(timer);
            }
            eventSubProcesses.trigger(instance, start, Map.of());
            return;
        }
        BoundaryEvent boundary = (BoundaryEvent) target;
        if (!boundary.cancelActivity()) {
            waits.repeat(timer);
        }
        boundary(instance, boundary, Map.of());
    }

    /** Delivers a message to a waiting catch event, event-based gateway, event subprocess or boundary event. */
    void correlate(MessageSubscriptionRecord subscription, Map<String, Object> messageVariables) {
        ElementInstanceRecord instance = state.elementInstance(subscription.elementInstanceKey);
        subscription.lastUpdated = executor.now();
        if (instance.elementId.equals(subscription.targetElementId)
                && instance.type != ElementType.MULTI_INSTANCE_BODY) {
            subscription.state = MessageSubscriptionState.CORRELATED;
            state.put(subscription);
            mappings.acceptResultVariables(instance, messageVariables);
            executor.schedule(() -> executor.leave(instance));
            return;
        }
        if (instance.type == ElementType.EVENT_BASED_GATEWAY) {
            subscription.state = MessageSubscriptionState.CORRELATED;
            state.put(subscription);
            eventBasedGateway(instance, subscription.targetElementId, messageVariables);
            return;
        }
        FlowElement target = executor.model(instance.processDefinitionKey).element(subscription.targetElementId);
        if (target instanceof StartEvent start) {
            if (start.isInterrupting()) {
                subscription.state = MessageSubscriptionState.CORRELATED;
            }
            state.put(subscription);
            eventSubProcesses.trigger(instance, start, messageVariables);
            return;
        }
        BoundaryEvent boundary = (BoundaryEvent) target;
        if (boundary.cancelActivity()) {
            subscription.state = MessageSubscriptionState.CORRELATED;
        }
        state.put(subscription);
        boundary(instance, boundary, messageVariables);
    }

    /** Interrupting: the activity ends and the boundary event takes over; otherwise both go on. */
    void boundary(ElementInstanceRecord activity, BoundaryEvent boundary, Map<String, Object> eventVariables) {
        ElementInstanceRecord scope = state.elementInstance(activity.flowScopeKey);
        if (boundary.cancelActivity()) {
            executor.terminate(activity);
        }
        ElementInstanceRecord event = executor.newElementInstance(scope, boundary, ElementType.BOUNDARY_EVENT);
        mappings.acceptResultVariables(event, eventVariables);
        executor.schedule(() -> executor.enter(event));
    }

    /** The gateway completes, the other events are cancelled and the token moves to the event that happened. */
    private void eventBasedGateway(ElementInstanceRecord gateway, String eventId,
                                   Map<String, Object> eventVariables) {
        if (gateway.state != ElementInstanceState.ACTIVE) {
            return;
        }
        FlowNode node = executor.model(gateway.processDefinitionKey).node(gateway.elementId);
        SequenceFlow chosen = node.getOutgoing().stream()
                .filter(flow -> flow.getTarget().getId().equals(eventId)).findFirst().orElseThrow();
        executor.closeWaits(gateway);
        gateway.state = ElementInstanceState.COMPLETED;
        gateway.endDate = executor.now();
        state.put(gateway);
        ElementInstanceRecord scope = state.elementInstance(gateway.flowScopeKey);
        scope.activeChildren--;
        state.put(scope);
        ProcessInstanceRecord instance = state.processInstance(scope.processInstanceKey);
        if (instance.takenSequenceFlows.add(chosen.getId())) {
            state.put(instance);
        }
        ElementInstanceRecord event = executor.newElementInstance(scope, chosen.getTarget(),
                ElementType.INTERMEDIATE_CATCH_EVENT);
        mappings.acceptResultVariables(event, eventVariables);
        executor.schedule(() -> {
            try {
                mappings.applyInputMappings(event, chosen.getTarget());
            } catch (ExpressionException e) {
                executor.incidents().raiseIncident(event, e.errorType(), e.getMessage(), null,
                        ProcessExecutor.STEP_LEAVE);
                return;
            }
            executor.leave(event);
        });
    }
}
