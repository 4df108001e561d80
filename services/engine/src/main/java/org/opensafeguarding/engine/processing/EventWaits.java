package org.opensafeguarding.engine.processing;

import io.camunda.zeebe.model.bpmn.instance.BoundaryEvent;
import io.camunda.zeebe.model.bpmn.instance.EventDefinition;
import io.camunda.zeebe.model.bpmn.instance.FlowNode;
import io.camunda.zeebe.model.bpmn.instance.Message;
import io.camunda.zeebe.model.bpmn.instance.MessageEventDefinition;
import io.camunda.zeebe.model.bpmn.instance.TimerEventDefinition;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeSubscription;
import java.util.Map;
import org.opensafeguarding.engine.feel.ExpressionException;
import org.opensafeguarding.engine.feel.FeelExpressions;
import org.opensafeguarding.engine.model.ProcessModel;
import org.opensafeguarding.engine.state.ElementInstanceRecord;
import org.opensafeguarding.engine.state.EngineState;
import org.opensafeguarding.engine.state.MessageRecord;
import org.opensafeguarding.engine.state.MessageSubscriptionRecord;
import org.opensafeguarding.engine.state.TimerRecord;

/** Timers and message subscriptions an element instance waits on, including its boundary events'. */
final class EventWaits {

    private final ProcessExecutor executor;
    private final EngineState state;
    private final FeelExpressions feel;
    private final VariableScopes variables;

    EventWaits(ProcessExecutor executor) {
        this.executor = executor;
        this.state = executor.state();
        this.feel = executor.feel();
        this.variables = executor.variables();
    }

    /** Boundary events belong to the multi-instance body, not to each inner instance. */
    void openBoundaryEvents(ElementInstanceRecord instance, FlowNode node) {
        if (executor.isInnerInstance(instance)) {
            return;
        }
        for (BoundaryEvent boundary : executor.model(instance.processDefinitionKey).boundaryEvents(node.getId())) {
            open(instance, boundary.getId(), ProcessModel.eventDefinition(boundary));
        }
    }

    /** What the instance waits on for the event: a timer or a message subscription (an error is thrown, not awaited). */
    void open(ElementInstanceRecord instance, String eventId, EventDefinition definition) {
        if (definition instanceof TimerEventDefinition timer) {
            createTimer(instance, eventId, timer);
        } else if (definition instanceof MessageEventDefinition message) {
            openMessageSubscription(instance, eventId, message.getMessage());
        }
    }

    /** The element no longer waits for the timer (an incident the timer raised is resolved with it). */
    void removeTimer(TimerRecord timer) {
        executor.incidents().timerRemoved(timer);
        state.remove(timer);
    }

    void createTimer(ElementInstanceRecord instance, String eventId, TimerEventDefinition definition) {
        Map<String, Object> context = variables.visible(instance.key);
        TimerSchedule schedule;
        try {
            if (definition.getTimeDuration() != null) {
                schedule = TimerSchedule.duration(feel.evaluateString(definition.getTimeDuration().getTextContent(),
                        context, "EXTRACT_VALUE_ERROR", "timer duration"), executor.now());
            } else if (definition.getTimeDate() != null) {
                schedule = TimerSchedule.date(feel.evaluateString(definition.getTimeDate().getTextContent(),
                        context, "EXTRACT_VALUE_ERROR", "timer date"));
            } else {
                schedule = TimerSchedule.cycle(feel.evaluateString(definition.getTimeCycle().getTextContent(),
                        context, "EXTRACT_VALUE_ERROR", "timer cycle"), executor.now());
            }
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new ExpressionException("EXTRACT_VALUE_ERROR", e.getMessage() == null
                    ? "timer of '" + eventId + "' has no value" : e.getMessage());
        }
        TimerRecord timer = new TimerRecord();
        timer.key = state.newKey();
        timer.elementInstanceKey = instance.key;
        timer.processInstanceKey = instance.processInstanceKey;
        timer.processDefinitionKey = instance.processDefinitionKey;
        timer.targetElementId = eventId;
        timer.dueDate = schedule.dueDate();
        timer.repetitions = schedule.repetitions();
        timer.intervalMillis = schedule.intervalMillis();
        timer.tenantId = instance.tenantId;
        state.put(timer);
    }

    /** The next timer of a cycle, if the cycle has repetitions left. */
    void repeat(TimerRecord timer) {
        TimerSchedule next = new TimerSchedule(timer.dueDate, timer.repetitions, timer.intervalMillis).next();
        if (next != null) {
            TimerRecord again = new TimerRecord();
            again.key = state.newKey();
            again.elementInstanceKey = timer.elementInstanceKey;
            again.processInstanceKey = timer.processInstanceKey;
            again.processDefinitionKey = timer.processDefinitionKey;
            again.targetElementId = timer.targetElementId;
            again.dueDate = next.dueDate();
            again.repetitions = next.repetitions();
            again.intervalMillis = next.intervalMillis();
            again.tenantId = timer.tenantId;
            state.put(again);
        }
    }

    void openMessageSubscription(ElementInstanceRecord instance, String eventId, Message messageDefinition) {
        Map<String, Object> context = variables.visible(instance.key);
        String name = feel.evaluateString(messageDefinition.getName(), context, "EXTRACT_VALUE_ERROR",
                "message name");
        ZeebeSubscription subscriptionDefinition = messageDefinition
                .getSingleExtensionElement(ZeebeSubscription.class);
        String correlationKey = subscriptionDefinition == null ? null : feel.evaluateString(
                subscriptionDefinition.getCorrelationKey(), context, "EXTRACT_VALUE_ERROR", "correlation key");
        if (correlationKey == null) {
            throw new ExpressionException("EXTRACT_VALUE_ERROR", "Failed to extract the correlation key for '"
                    + eventId + "': the expression '" + (subscriptionDefinition == null ? null
                    : subscriptionDefinition.getCorrelationKey()) + "' evaluated to null");
        }
        MessageSubscriptionRecord subscription = new MessageSubscriptionRecord();
        subscription.key = state.newKey();
        subscription.elementInstanceKey = instance.key;
        subscription.processInstanceKey = instance.processInstanceKey;
        subscription.processDefinitionKey = instance.processDefinitionKey;
        subscription.bpmnProcessId = instance.bpmnProcessId;
        subscription.targetElementId = eventId;
        subscription.messageName = name;
        subscription.correlationKey = correlationKey;
        subscription.lastUpdated = executor.now();
        subscription.tenantId = instance.tenantId;
        state.put(subscription);
        // a message published before the subscription opened is still delivered while its TTL lasts
        for (MessageRecord message : state.bufferedMessages(name, correlationKey)) {
            if (message.expiresAt > executor.now()
                    && !message.correlatedProcesses.contains("instance:" + instance.processInstanceKey)) {
                message.correlatedProcesses.add("instance:" + instance.processInstanceKey);
                state.put(message);
                subscription.correlated(message.key, executor.now());
                executor.triggers().correlate(subscription, message.variables);
                break;
            }
        }
    }
}
