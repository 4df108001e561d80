package org.opensafeguarding.engine.processing;

import io.camunda.zeebe.model.bpmn.instance.StartEvent;
import io.camunda.zeebe.model.bpmn.instance.TimerEventDefinition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.opensafeguarding.engine.feel.ExpressionException;
import org.opensafeguarding.engine.feel.FeelExpressions;
import org.opensafeguarding.engine.model.ProcessModel;
import org.opensafeguarding.engine.state.EngineRecord;
import org.opensafeguarding.engine.state.EngineState;
import org.opensafeguarding.engine.state.ProcessDefinitionRecord;
import org.opensafeguarding.engine.state.RecordKind;
import org.opensafeguarding.engine.state.TimerRecord;

/**
 * Timer start events on the process level. They are scheduled when a new version is deployed (its values are
 * evaluated then, without variables) and replace the timers of the previous versions of the same process, as in
 * Camunda 8. Such a timer belongs to no element instance ({@link #NO_ELEMENT_INSTANCE}); when it fires it
 * creates an instance of its version at that start event, and a cycle schedules its next timer.
 */
final class TimerStartEvents {

    static final long NO_ELEMENT_INSTANCE = 0L;

    private TimerStartEvents() {
    }

    /** Called on the processing thread for every process definition a deployment created. */
    static void schedule(EngineState state, ProcessModels models, FeelExpressions feel, long now,
                         ProcessDefinitionRecord definition) {
        List<TimerRecord> previous = new ArrayList<>();
        // timer start events wait on no element instance, so they are the waits of that key
        for (EngineRecord wait : state.waitsOf(NO_ELEMENT_INSTANCE)) {
            if (!(wait instanceof TimerRecord timer) || timer.processDefinitionKey == definition.key) {
                continue;
            }
            ProcessDefinitionRecord owner = state.get(RecordKind.PROCESS_DEFINITION, timer.processDefinitionKey);
            if (owner == null || owner.bpmnProcessId.equals(definition.bpmnProcessId)) {
                previous.add(timer);
            }
        }
        previous.forEach(state::remove);
        ProcessModel model = models.of(definition);
        for (StartEvent start : model.startEventsOfProcess()) {
            if (!(ProcessModel.eventDefinition(start) instanceof TimerEventDefinition definitionOfTimer)) {
                continue;
            }
            TimerSchedule schedule = evaluate(feel, now, definition.resourceName, start, definitionOfTimer);
            TimerRecord timer = new TimerRecord();
            timer.key = state.newKey();
            timer.elementInstanceKey = NO_ELEMENT_INSTANCE;
            timer.processInstanceKey = 0L;
            timer.processDefinitionKey = definition.key;
            timer.targetElementId = start.getId();
            timer.dueDate = schedule.dueDate();
            timer.repetitions = schedule.repetitions();
            timer.intervalMillis = schedule.intervalMillis();
            timer.tenantId = definition.tenantId;
            state.put(timer);
        }
    }

    /**
     * Evaluates the timer start events of a deployment's processes without storing anything, so a deployment
     * with a bad one is rejected before it changes state.
     */
    static void check(FeelExpressions feel, long now, String resourceName, ProcessModel model) {
        for (StartEvent start : model.startEventsOfProcess()) {
            if (ProcessModel.eventDefinition(start) instanceof TimerEventDefinition definitionOfTimer) {
                evaluate(feel, now, resourceName, start, definitionOfTimer);
            }
        }
    }

    private static TimerSchedule evaluate(FeelExpressions feel, long now, String resourceName, StartEvent start,
                                          TimerEventDefinition definitionOfTimer) {
        try {
            if (definitionOfTimer.getTimeDate() != null) {
                return TimerSchedule.date(feel.evaluateString(definitionOfTimer.getTimeDate().getTextContent(),
                        Map.of(), "EXTRACT_VALUE_ERROR", "timer date"));
            } else if (definitionOfTimer.getTimeCycle() != null) {
                return TimerSchedule.cycle(feel.evaluateString(
                        definitionOfTimer.getTimeCycle().getTextContent(), Map.of(), "EXTRACT_VALUE_ERROR",
                        "timer cycle"), now);
            }
            return TimerSchedule.duration(feel.evaluateString(
                    definitionOfTimer.getTimeDuration().getTextContent(), Map.of(), "EXTRACT_VALUE_ERROR",
                    "timer duration"), now);
        } catch (ExpressionException | IllegalArgumentException | NullPointerException e) {
            throw EngineException.invalid("Expected to deploy new resources, but encountered the following "
                    + "errors:\n'" + resourceName + "': element '" + start.getId()
                    + "' of type 'startEvent': invalid timer: " + e.getMessage());
        }
    }

    /** The timer is already removed; starts an instance and schedules the cycle's next timer. */
    static void fire(ProcessExecutor executor, EngineState state, TimerRecord timer) {
        ProcessDefinitionRecord definition = state.get(RecordKind.PROCESS_DEFINITION, timer.processDefinitionKey);
        if (definition == null) {
            return;
        }
        executor.repeat(timer);
        StartEvent start = executor.model(definition.key).element(timer.targetElementId);
        executor.createProcessInstance(definition, Map.of(), start, null, null);
    }
}
