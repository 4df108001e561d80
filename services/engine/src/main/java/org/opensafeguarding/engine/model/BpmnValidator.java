package org.opensafeguarding.engine.model;

import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.camunda.zeebe.model.bpmn.instance.Activity;
import io.camunda.zeebe.model.bpmn.instance.BoundaryEvent;
import io.camunda.zeebe.model.bpmn.instance.CallActivity;
import io.camunda.zeebe.model.bpmn.instance.EndEvent;
import io.camunda.zeebe.model.bpmn.instance.ErrorEventDefinition;
import io.camunda.zeebe.model.bpmn.instance.EventDefinition;
import io.camunda.zeebe.model.bpmn.instance.ExclusiveGateway;
import io.camunda.zeebe.model.bpmn.instance.FlowElement;
import io.camunda.zeebe.model.bpmn.instance.IntermediateCatchEvent;
import io.camunda.zeebe.model.bpmn.instance.MessageEventDefinition;
import io.camunda.zeebe.model.bpmn.instance.MultiInstanceLoopCharacteristics;
import io.camunda.zeebe.model.bpmn.instance.ParallelGateway;
import io.camunda.zeebe.model.bpmn.instance.Process;
import io.camunda.zeebe.model.bpmn.instance.SequenceFlow;
import io.camunda.zeebe.model.bpmn.instance.ServiceTask;
import io.camunda.zeebe.model.bpmn.instance.StartEvent;
import io.camunda.zeebe.model.bpmn.instance.SubProcess;
import io.camunda.zeebe.model.bpmn.instance.TimerEventDefinition;
import io.camunda.zeebe.model.bpmn.instance.UserTask;
import io.camunda.zeebe.model.bpmn.instance.BusinessRuleTask;
import io.camunda.zeebe.model.bpmn.instance.EventBasedGateway;
import io.camunda.zeebe.model.bpmn.instance.InclusiveGateway;
import io.camunda.zeebe.model.bpmn.instance.IntermediateThrowEvent;
import io.camunda.zeebe.model.bpmn.instance.ManualTask;
import io.camunda.zeebe.model.bpmn.instance.ReceiveTask;
import io.camunda.zeebe.model.bpmn.instance.ScriptTask;
import io.camunda.zeebe.model.bpmn.instance.SendTask;
import io.camunda.zeebe.model.bpmn.instance.TerminateEventDefinition;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeCalledDecision;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeCalledElement;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeScript;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeLoopCharacteristics;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeSubscription;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeTaskDefinition;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeTaskListener;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeTaskListeners;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeUserTask;
import java.util.ArrayList;
import java.util.List;

/**
 * Rejects at deployment what the engine cannot run, naming the element and its type, rather than letting an
 * instance get stuck later. What is accepted here is exactly what the executor implements.
 */
public final class BpmnValidator {

    private BpmnValidator() {
    }

    /** Returns the problems found; empty means the model can be deployed. */
    public static List<String> problems(BpmnModelInstance model) {
        List<String> problems = new ArrayList<>();
        List<Process> executable = new ArrayList<>();
        for (Process process : model.getModelElementsByType(Process.class)) {
            if (process.isExecutable()) {
                executable.add(process);
            }
        }
        if (executable.isEmpty()) {
            problems.add("the resource contains no executable process (isExecutable=\"true\")");
        }
        for (FlowElement element : model.getModelElementsByType(FlowElement.class)) {
            String problem = problem(element);
            if (problem == null) {
                problem = ExpressionRules.problem(element);
            }
            if (problem != null) {
                problems.add("element '" + element.getId() + "' of type '" + element.getElementType().getTypeName()
                        + "': " + problem);
            }
        }
        return problems;
    }

    /** Camunda 8.8 user task listeners: each needs an event type and a job type. */
    private static String taskListenerProblem(UserTask task) {
        ZeebeTaskListeners listeners = task.getSingleExtensionElement(ZeebeTaskListeners.class);
        if (listeners == null) {
            return null;
        }
        for (ZeebeTaskListener listener : listeners.getTaskListeners()) {
            if (listener.getEventType() == null) {
                return "a zeebe:taskListener needs an eventType (creating, assigning, updating, completing or "
                        + "canceling)";
            }
            if (listener.getType() == null || listener.getType().isBlank()) {
                return "the " + listener.getEventType() + " zeebe:taskListener needs a type (it runs as a job)";
            }
        }
        return null;
    }

    private static String problem(FlowElement element) {
        if (element instanceof SequenceFlow) {
            return null;
        }
        if (element instanceof Activity activity && activity.getLoopCharacteristics() != null) {
            if (!(activity.getLoopCharacteristics() instanceof MultiInstanceLoopCharacteristics mi)) {
                return "standard loops are not supported";
            }
            ZeebeLoopCharacteristics loop = mi.getSingleExtensionElement(ZeebeLoopCharacteristics.class);
            if (loop == null || loop.getInputCollection() == null || loop.getInputCollection().isBlank()) {
                return "multi-instance needs zeebe:loopCharacteristics with an inputCollection";
            }
        }
        if (element instanceof StartEvent start) {
            return startEventProblem(start);
        }
        if (element instanceof EndEvent end) {
            EventDefinition definition = ProcessModel.eventDefinition(end);
            if (definition == null || definition instanceof TerminateEventDefinition) {
                return null;
            }
            if (definition instanceof ErrorEventDefinition error) {
                return error.getError() == null || error.getError().getErrorCode() == null
                        ? "an error end event needs an error with an errorCode" : null;
            }
            if (definition instanceof MessageEventDefinition) {
                return hasJobType(end) ? null
                        : "a message end event needs zeebe:taskDefinition with a type (it runs as a job)";
            }
            return "only none, error, terminate and message end events are supported";
        }
        if (element instanceof IntermediateThrowEvent throwEvent) {
            EventDefinition definition = ProcessModel.eventDefinition(throwEvent);
            if (definition == null) {
                return null;
            }
            if (definition instanceof MessageEventDefinition) {
                return hasJobType(throwEvent) ? null
                        : "an intermediate message throw event needs zeebe:taskDefinition with a type (it runs as a job)";
            }
            return "only none and message intermediate throw events are supported";
        }
        if (element instanceof SendTask || element instanceof BusinessRuleTask) {
            if (element instanceof BusinessRuleTask && element.getSingleExtensionElement(ZeebeCalledDecision.class) != null) {
                return "business rule tasks calling a DMN decision are not supported; use zeebe:taskDefinition";
            }
            return hasJobType(element) ? null
                    : "this task needs zeebe:taskDefinition with a type (it runs as a job)";
        }
        if (element instanceof ScriptTask) {
            ZeebeScript script = element.getSingleExtensionElement(ZeebeScript.class);
            if (script != null) {
                if (script.getExpression() == null || script.getExpression().isBlank()
                        || script.getResultVariable() == null || script.getResultVariable().isBlank()) {
                    return "a script task needs zeebe:script with an expression and a resultVariable";
                }
                return null;
            }
            return hasJobType(element) ? null
                    : "a script task needs zeebe:script (expression and resultVariable) or zeebe:taskDefinition";
        }
        if (element instanceof ReceiveTask receive) {
            if (receive.getMessage() == null || receive.getMessage().getName() == null
                    || receive.getMessage().getName().isBlank()) {
                return "a receive task needs a message with a name";
            }
            ZeebeSubscription subscription = receive.getMessage().getSingleExtensionElement(ZeebeSubscription.class);
            return subscription == null || subscription.getCorrelationKey() == null
                    ? "a receive task needs zeebe:subscription with a correlationKey" : null;
        }
        if (element instanceof ManualTask || "task".equals(element.getElementType().getTypeName())) {
            return null;
        }
        if (element instanceof InclusiveGateway) {
            return null;
        }
        if (element instanceof EventBasedGateway gateway) {
            if (gateway.getOutgoing().size() < 2) {
                return "an event-based gateway needs at least two outgoing sequence flows";
            }
            for (SequenceFlow flow : gateway.getOutgoing()) {
                if (!(flow.getTarget() instanceof IntermediateCatchEvent target)
                        || !(ProcessModel.eventDefinition(target) instanceof TimerEventDefinition
                        || ProcessModel.eventDefinition(target) instanceof MessageEventDefinition)) {
                    return "an event-based gateway may only lead to timer and message intermediate catch events";
                }
                if (target.getIncoming().size() != 1) {
                    return "the catch events after an event-based gateway must have exactly one incoming flow";
                }
            }
            return null;
        }
        if (element instanceof ServiceTask task) {
            ZeebeTaskDefinition definition = task.getSingleExtensionElement(ZeebeTaskDefinition.class);
            return definition == null || definition.getType() == null || definition.getType().isBlank()
                    ? "a service task needs zeebe:taskDefinition with a type" : null;
        }
        if (element instanceof UserTask task) {
            if (task.getSingleExtensionElement(ZeebeUserTask.class) == null) {
                return "only Camunda user tasks (zeebe:userTask) are supported, not job-worker user tasks";
            }
            return taskListenerProblem(task);
        }
        if (element instanceof ExclusiveGateway || element instanceof ParallelGateway) {
            return null;
        }
        if (element instanceof IntermediateCatchEvent event) {
            EventDefinition definition = ProcessModel.eventDefinition(event);
            if (definition instanceof TimerEventDefinition) {
                return null;
            }
            if (definition instanceof MessageEventDefinition message) {
                return catchMessageProblem(message);
            }
            return "only timer and message intermediate catch events are supported";
        }
        if (element instanceof BoundaryEvent boundary) {
            EventDefinition definition = ProcessModel.eventDefinition(boundary);
            if (definition instanceof TimerEventDefinition) {
                return null;
            }
            if (definition instanceof MessageEventDefinition message) {
                return catchMessageProblem(message);
            }
            if (definition instanceof ErrorEventDefinition) {
                return boundary.cancelActivity() ? null : "an error boundary event is always interrupting";
            }
            return "only timer, message and error boundary events are supported";
        }
        if (element instanceof SubProcess subProcess) {
            if (subProcess.getClass().getSimpleName().contains("AdHoc")) {
                return "ad-hoc subprocesses are not supported";
            }
            if (subProcess.triggeredByEvent()) {
                int starts = 0;
                for (FlowElement child : subProcess.getFlowElements()) {
                    if (child instanceof StartEvent) {
                        starts++;
                    }
                }
                if (starts != 1) {
                    return "an event subprocess needs exactly one start event";
                }
                return subProcess.getIncoming().isEmpty() && subProcess.getOutgoing().isEmpty() ? null
                        : "an event subprocess must not have incoming or outgoing sequence flows";
            }
            return ProcessModel.noneStart(subProcess.getFlowElements()) ? null
                    : "an embedded subprocess needs exactly one none start event";
        }
        if (element instanceof CallActivity callActivity) {
            ZeebeCalledElement called = callActivity.getSingleExtensionElement(ZeebeCalledElement.class);
            return called == null || called.getProcessId() == null || called.getProcessId().isBlank()
                    ? "a call activity needs zeebe:calledElement with a processId" : null;
        }
        return "this element type is not supported by the local engine";
    }

    private static String startEventProblem(StartEvent start) {
        EventDefinition definition = ProcessModel.eventDefinition(start);
        boolean inEventSubProcess = start.getParentElement() instanceof SubProcess parent && parent.triggeredByEvent();
        if (inEventSubProcess) {
            if (definition instanceof MessageEventDefinition message) {
                return catchMessageProblem(message);
            }
            if (definition instanceof TimerEventDefinition) {
                return null;
            }
            if (definition instanceof ErrorEventDefinition) {
                return start.isInterrupting() ? null : "an error start event is always interrupting";
            }
            return "an event subprocess start event must be a message, timer or error start event";
        }
        if (definition == null) {
            return null;
        }
        if (ProcessModel.isInsideSubProcess(start)) {
            return "an embedded subprocess may only have a none start event";
        }
        if (definition instanceof MessageEventDefinition message) {
            return messageProblem(message);
        }
        if (definition instanceof TimerEventDefinition timer) {
            return timer.getTimeDate() != null || timer.getTimeCycle() != null || timer.getTimeDuration() != null
                    ? null : "a timer start event needs a timeDate, timeCycle or timeDuration";
        }
        return "only none, message and timer start events are supported on the process level";
    }

    private static boolean hasJobType(FlowElement element) {
        ZeebeTaskDefinition definition = element.getSingleExtensionElement(ZeebeTaskDefinition.class);
        return definition != null && definition.getType() != null && !definition.getType().isBlank();
    }

    private static String messageProblem(MessageEventDefinition definition) {
        if (definition.getMessage() == null || definition.getMessage().getName() == null
                || definition.getMessage().getName().isBlank()) {
            return "a message event needs a message with a name";
        }
        return null;
    }

    private static String catchMessageProblem(MessageEventDefinition definition) {
        String problem = messageProblem(definition);
        if (problem == null && !hasCorrelationKey(definition)) {
            return "a message catch event needs zeebe:subscription with a correlationKey";
        }
        return problem;
    }

    /** Whether a catch event's message needs a correlation key (all but start events). */
    public static boolean hasCorrelationKey(MessageEventDefinition definition) {
        ZeebeSubscription subscription = definition.getMessage().getSingleExtensionElement(ZeebeSubscription.class);
        return subscription != null && subscription.getCorrelationKey() != null;
    }
}
