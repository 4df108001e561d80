package org.opensafeguarding.engine.processing;

import io.camunda.zeebe.model.bpmn.instance.Activity;
import io.camunda.zeebe.model.bpmn.instance.BoundaryEvent;
import io.camunda.zeebe.model.bpmn.instance.CallActivity;
import io.camunda.zeebe.model.bpmn.instance.EndEvent;
import io.camunda.zeebe.model.bpmn.instance.ErrorEventDefinition;
import io.camunda.zeebe.model.bpmn.instance.EventDefinition;
import io.camunda.zeebe.model.bpmn.instance.ExclusiveGateway;
import io.camunda.zeebe.model.bpmn.instance.FlowNode;
import io.camunda.zeebe.model.bpmn.instance.IntermediateCatchEvent;
import io.camunda.zeebe.model.bpmn.instance.MessageEventDefinition;
import io.camunda.zeebe.model.bpmn.instance.MultiInstanceLoopCharacteristics;
import io.camunda.zeebe.model.bpmn.instance.ParallelGateway;
import io.camunda.zeebe.model.bpmn.instance.SequenceFlow;
import io.camunda.zeebe.model.bpmn.instance.StartEvent;
import io.camunda.zeebe.model.bpmn.instance.SubProcess;
import io.camunda.zeebe.model.bpmn.instance.TimerEventDefinition;
import io.camunda.zeebe.model.bpmn.instance.UserTask;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeAssignmentDefinition;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeCalledElement;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeFormDefinition;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeHeader;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeInput;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeIoMapping;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeLoopCharacteristics;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeOutput;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebePriorityDefinition;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeSubscription;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeTaskDefinition;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeTaskHeaders;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeTaskSchedule;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.HashSet;
import java.util.Set;
import java.util.function.LongSupplier;
import io.camunda.zeebe.model.bpmn.instance.EventBasedGateway;
import io.camunda.zeebe.model.bpmn.instance.FlowElement;
import io.camunda.zeebe.model.bpmn.instance.InclusiveGateway;
import io.camunda.zeebe.model.bpmn.instance.Message;
import io.camunda.zeebe.model.bpmn.instance.ReceiveTask;
import io.camunda.zeebe.model.bpmn.instance.TerminateEventDefinition;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeScript;
import org.opensafeguarding.engine.feel.ExpressionException;
import org.opensafeguarding.engine.feel.FeelExpressions;
import org.opensafeguarding.engine.model.ProcessModel;
import org.opensafeguarding.engine.state.ElementInstanceRecord;
import org.opensafeguarding.engine.state.ElementInstanceState;
import org.opensafeguarding.engine.state.ElementType;
import org.opensafeguarding.engine.state.EngineState;
import org.opensafeguarding.engine.state.FormRecord;
import org.opensafeguarding.engine.state.IncidentRecord;
import org.opensafeguarding.engine.state.IncidentState;
import org.opensafeguarding.engine.state.JobRecord;
import org.opensafeguarding.engine.state.JobState;
import org.opensafeguarding.engine.state.MessageRecord;
import org.opensafeguarding.engine.state.MessageSubscriptionRecord;
import org.opensafeguarding.engine.state.MessageSubscriptionState;
import org.opensafeguarding.engine.state.ProcessDefinitionRecord;
import org.opensafeguarding.engine.state.ProcessInstanceRecord;
import org.opensafeguarding.engine.state.ProcessInstanceState;
import org.opensafeguarding.engine.state.RecordKind;
import org.opensafeguarding.engine.state.TimerRecord;
import org.opensafeguarding.engine.state.UserTaskRecord;

/**
 * BPMN token semantics. Every step runs on the processing thread inside one command; follow-up steps are queued
 * on an agenda and run before the command returns, so a command leaves the state at rest (every token waiting on
 * a job, user task, timer, message or incident) and deep processes cannot overflow the stack.
 */
final class ProcessExecutor {

    static final String STEP_ENTER = "ENTER";
    static final String STEP_LEAVE = "LEAVE";
    /** The process instance could not open its event subprocesses; resolution opens them and starts at the id. */
    static final String STEP_START = "START:";

    private final EngineState state;
    private final FeelExpressions feel;
    private final ProcessModels models;
    private final VariableScopes variables;
    private final LongSupplier clock;
    private final ExecutionListener listener;
    private final Deque<Runnable> agenda = new ArrayDeque<>();
    private final UserTaskListeners taskListeners;

    ProcessExecutor(EngineState state, FeelExpressions feel, ProcessModels models, LongSupplier clock,
                    ExecutionListener listener) {
        this.state = state;
        this.feel = feel;
        this.models = models;
        this.variables = new VariableScopes(state);
        this.clock = clock;
        this.listener = listener;
        this.taskListeners = new UserTaskListeners(this, state, feel, listener);
    }

    VariableScopes variables() {
        return variables;
    }

    UserTaskListeners taskListeners() {
        return taskListeners;
    }

    long now() {
        return clock.getAsLong();
    }

    void runAgenda() {
        Runnable next;
        while ((next = agenda.pollFirst()) != null) {
            next.run();
        }
    }

    void clearAgenda() {
        agenda.clear();
    }

    ProcessModel model(long processDefinitionKey) {
        ProcessDefinitionRecord definition = state.get(RecordKind.PROCESS_DEFINITION, processDefinitionKey);
        return models.of(definition);
    }

    /** Schedules the timer start events of definitions a deployment created (replacing older versions'). */
    /** Rejects a deployment whose timer start events cannot be evaluated, before it stores anything. */
    void checkTimerStarts(Deployer.Parsed parsed) {
        for (Deployer.ParsedProcess process : parsed.processes()) {
            if (!process.xml().contains("timerEventDefinition")) {
                continue;
            }
            TimerStartEvents.check(feel, now(), process.resourceName(),
                    org.opensafeguarding.engine.model.ProcessModel.of(process.xml(), process.bpmnProcessId()));
        }
    }

    void deployed(List<ProcessDefinitionRecord> definitions, long deploymentKey) {
        for (ProcessDefinitionRecord definition : definitions) {
            if (definition.deploymentKey == deploymentKey) {
                TimerStartEvents.schedule(state, models, feel, now(), definition);
            }
        }
    }

    // ------------------------------------------------------------------ process instances

    ProcessInstanceRecord createProcessInstance(ProcessDefinitionRecord definition, Map<String, Object> initial,
                                                StartEvent start, Long parentProcessInstanceKey,
                                                Long parentElementInstanceKey) {
        ProcessInstanceRecord instance = new ProcessInstanceRecord();
        instance.key = state.newKey();
        instance.processDefinitionKey = definition.key;
        instance.bpmnProcessId = definition.bpmnProcessId;
        instance.version = definition.version;
        instance.startDate = now();
        instance.tenantId = definition.tenantId;
        instance.parentProcessInstanceKey = parentProcessInstanceKey;
        instance.parentElementInstanceKey = parentElementInstanceKey;
        state.put(instance);

        ElementInstanceRecord root = new ElementInstanceRecord();
        root.key = instance.key;
        root.processInstanceKey = instance.key;
        root.processDefinitionKey = definition.key;
        root.bpmnProcessId = definition.bpmnProcessId;
        root.elementId = definition.bpmnProcessId;
        root.elementName = models.of(definition).name();
        root.type = ElementType.PROCESS;
        root.startDate = instance.startDate;
        root.tenantId = definition.tenantId;
        state.put(root);

        variables.setAllLocal(root.key, initial);
        ProcessModel model = models.of(definition);
        FlowNode startNode = start != null ? start : model.noneStartEvent();
        if (startNode == null) {
            throw EngineException.invalid("process '" + definition.bpmnProcessId + "' has no none start event");
        }
        startRoot(root, startNode);
        return instance;
    }

    /** Opens the process-level event subprocesses, then activates the start event. */
    private void startRoot(ElementInstanceRecord root, FlowNode startNode) {
        try {
            openEventSubProcesses(root, model(root.processDefinitionKey).process().getFlowElements());
        } catch (ExpressionException e) {
            raiseIncident(root, e.errorType(), e.getMessage(), null, STEP_START + startNode.getId());
            return;
        }
        if (root.state == ElementInstanceState.ACTIVE) {
            activate(root, startNode, null);
        }
    }

    /** Timers and message subscriptions of the event subprocesses directly inside a scope, held by the scope. */
    private void openEventSubProcesses(ElementInstanceRecord scope, Collection<FlowElement> elements) {
        closeEventSubProcessWaits(scope);
        for (FlowElement element : elements) {
            if (element instanceof SubProcess sub && sub.triggeredByEvent()) {
                StartEvent start = eventSubProcessStart(sub);
                EventDefinition definition = ProcessModel.eventDefinition(start);
                if (definition instanceof TimerEventDefinition timer) {
                    createTimer(scope, start.getId(), timer);
                } else if (definition instanceof MessageEventDefinition message) {
                    openMessageSubscription(scope, start.getId(), message.getMessage());
                }
                if (scope.state != ElementInstanceState.ACTIVE) {
                    return;
                }
            }
        }
    }

    private static StartEvent eventSubProcessStart(SubProcess sub) {
        for (FlowElement child : sub.getFlowElements()) {
            if (child instanceof StartEvent start) {
                return start;
            }
        }
        throw new IllegalStateException("event subprocess " + sub.getId() + " has no start event");
    }

    private void closeEventSubProcessWaits(ElementInstanceRecord scope) {
        ProcessModel model = model(scope.processDefinitionKey);
        for (org.opensafeguarding.engine.state.EngineRecord wait : state.waitsOf(scope.key)) {
            if (wait instanceof TimerRecord timer && model.element(timer.targetElementId) instanceof StartEvent) {
                state.remove(timer);
            } else if (wait instanceof MessageSubscriptionRecord subscription
                    && subscription.state == MessageSubscriptionState.CREATED
                    && model.element(subscription.targetElementId) instanceof StartEvent) {
                subscription.state = MessageSubscriptionState.DELETED;
                subscription.lastUpdated = now();
                state.put(subscription);
            }
        }
    }

    /**
     * An event subprocess starts in its scope. Interrupting: everything else in the scope, including the other
     * event subprocesses' subscriptions, ends first; the scope completes when the event subprocess does.
     */
    private void triggerEventSubProcess(ElementInstanceRecord scope, StartEvent start,
                                        Map<String, Object> eventVariables) {
        if (scope.state != ElementInstanceState.ACTIVE) {
            return;
        }
        SubProcess sub = (SubProcess) start.getParentElement();
        if (start.isInterrupting()) {
            closeEventSubProcessWaits(scope);
            for (ElementInstanceRecord child : state.children(scope.key)) {
                terminate(child);
            }
            scope.joinArrivals.clear();
            state.put(scope);
        }
        ElementInstanceRecord eventSub = newElementInstance(scope, sub, ElementType.EVENT_SUB_PROCESS);
        ElementInstanceRecord startInstance = newElementInstance(eventSub, start, ElementType.START_EVENT);
        acceptResultVariables(startInstance, eventVariables);
        agenda.addLast(() -> {
            try {
                applyInputMappings(eventSub, sub);
            } catch (ExpressionException e) {
                raiseIncident(eventSub, e.errorType(), e.getMessage(), null, null);
                return;
            }
            leave(startInstance);
        });
    }

    void cancelProcessInstance(ProcessInstanceRecord instance) {
        ElementInstanceRecord root = state.elementInstance(instance.key);
        terminate(root);
        endProcessInstance(instance, ProcessInstanceState.TERMINATED);
    }

    private void endProcessInstance(ProcessInstanceRecord instance, ProcessInstanceState endState) {
        instance.state = endState;
        instance.endDate = now();
        state.put(instance);
        listener.processInstanceEnded(instance);
    }

    // ------------------------------------------------------------------ activation

    /** Creates the element instance for a node and queues its activation. */
    ElementInstanceRecord activate(ElementInstanceRecord scope, FlowNode node, Map<String, Object> localVariables) {
        boolean multiInstance = node instanceof Activity activity
                && activity.getLoopCharacteristics() instanceof MultiInstanceLoopCharacteristics
                && scope.type != ElementType.MULTI_INSTANCE_BODY;
        ElementInstanceRecord instance = newElementInstance(scope, node,
                multiInstance ? ElementType.MULTI_INSTANCE_BODY : ElementTypes.of(node));
        variables.setAllLocal(instance.key, localVariables);
        agenda.addLast(() -> enter(instance));
        return instance;
    }

    private ElementInstanceRecord newElementInstance(ElementInstanceRecord scope, FlowNode node, ElementType type) {
        ElementInstanceRecord instance = new ElementInstanceRecord();
        instance.key = state.newKey();
        instance.processInstanceKey = scope.processInstanceKey;
        instance.processDefinitionKey = scope.processDefinitionKey;
        instance.bpmnProcessId = scope.bpmnProcessId;
        instance.elementId = node.getId();
        instance.elementName = node.getName();
        instance.type = type;
        instance.flowScopeKey = scope.key;
        instance.startDate = now();
        instance.tenantId = scope.tenantId;
        state.put(instance);
        scope.activeChildren++;
        state.put(scope);
        return instance;
    }

    /** Input mappings, then the element's own behaviour; an expression failure becomes an incident. */
    void enter(ElementInstanceRecord instance) {
        if (instance.state != ElementInstanceState.ACTIVE) {
            return;
        }
        FlowNode node = model(instance.processDefinitionKey).node(instance.elementId);
        try {
            if (instance.type != ElementType.MULTI_INSTANCE_BODY) {
                applyInputMappings(instance, node);
            }
            switch (instance.type) {
                case MULTI_INSTANCE_BODY -> enterMultiInstanceBody(instance, (Activity) node);
                case START_EVENT, PARALLEL_GATEWAY, BOUNDARY_EVENT -> leave(instance);
                case EXCLUSIVE_GATEWAY -> leave(instance);
                case END_EVENT -> enterEndEvent(instance, (EndEvent) node);
                case SERVICE_TASK -> {
                    openBoundaryEvents(instance, node);
                    createJob(instance, node);
                }
                case USER_TASK -> {
                    openBoundaryEvents(instance, node);
                    createUserTask(instance, (UserTask) node);
                }
                case INTERMEDIATE_CATCH_EVENT -> enterCatchEvent(instance, (IntermediateCatchEvent) node);
                case SUB_PROCESS -> {
                    openBoundaryEvents(instance, node);
                    SubProcess subProcess = (SubProcess) node;
                    openEventSubProcesses(instance, subProcess.getFlowElements());
                    activate(instance, model(instance.processDefinitionKey)
                            .noneStartEvent(subProcess.getFlowElements()), null);
                }
                case CALL_ACTIVITY -> {
                    openBoundaryEvents(instance, node);
                    callProcess(instance, (CallActivity) node);
                }
                case SEND_TASK, BUSINESS_RULE_TASK -> {
                    openBoundaryEvents(instance, node);
                    createJob(instance, node);
                }
                case SCRIPT_TASK -> runScript(instance, node);
                case RECEIVE_TASK -> {
                    openBoundaryEvents(instance, node);
                    if (instance.state == ElementInstanceState.ACTIVE) {
                        openMessageSubscription(instance, node.getId(), ((ReceiveTask) node).getMessage());
                    }
                }
                case MANUAL_TASK, TASK, INCLUSIVE_GATEWAY -> leave(instance);
                case INTERMEDIATE_THROW_EVENT -> {
                    if (ProcessModel.eventDefinition(node) instanceof MessageEventDefinition) {
                        createJob(instance, node);
                    } else {
                        leave(instance);
                    }
                }
                case EVENT_BASED_GATEWAY -> enterEventBasedGateway(instance, (EventBasedGateway) node);
                default -> throw new IllegalStateException("unsupported element type " + instance.type);
            }
        } catch (ExpressionException e) {
            raiseIncident(instance, e.errorType(), e.getMessage(), null, STEP_ENTER);
        }
    }

    private void applyInputMappings(ElementInstanceRecord instance, FlowNode node) {
        ZeebeIoMapping mapping = node.getSingleExtensionElement(ZeebeIoMapping.class);
        if (mapping == null || mapping.getInputs().isEmpty()) {
            return;
        }
        Map<String, Object> context = variables.visible(instance.key);
        for (ZeebeInput input : mapping.getInputs()) {
            // since Camunda 8.0 an input source without '=' is a static string value
            Object value = feel.evaluate(input.getSource(), context, "IO_MAPPING_ERROR");
            Map<String, Object> assigned = new LinkedHashMap<>();
            assignTarget(assigned, input.getTarget(), value, context);
            context.putAll(assigned);
            variables.setAllLocal(instance.key, assigned);
        }
    }

    /** A script task with zeebe:script evaluates its expression into the result variable; otherwise it is a job. */
    private void runScript(ElementInstanceRecord instance, FlowNode node) {
        ZeebeScript script = node.getSingleExtensionElement(ZeebeScript.class);
        if (script == null) {
            openBoundaryEvents(instance, node);
            createJob(instance, node);
            return;
        }
        Object value = feel.evaluate(script.getExpression(), variables.visible(instance.key), "EXTRACT_VALUE_ERROR");
        Map<String, Object> result = new HashMap<>();
        result.put(script.getResultVariable().trim(), value);
        acceptResultVariables(instance, result);
        leave(instance);
    }

    /** Waits on every event after the gateway at once; the first to happen wins (see triggerEventBasedGateway). */
    private void enterEventBasedGateway(ElementInstanceRecord instance, EventBasedGateway gateway) {
        closeWaits(instance);
        for (SequenceFlow flow : gateway.getOutgoing()) {
            IntermediateCatchEvent event = (IntermediateCatchEvent) flow.getTarget();
            EventDefinition definition = ProcessModel.eventDefinition(event);
            if (definition instanceof TimerEventDefinition timer) {
                createTimer(instance, event.getId(), timer);
            } else if (definition instanceof MessageEventDefinition message) {
                openMessageSubscription(instance, event.getId(), message.getMessage());
            }
            if (instance.state != ElementInstanceState.ACTIVE) {
                return;
            }
        }
    }

    /** The gateway completes, the other events are cancelled and the token moves to the event that happened. */
    private void triggerEventBasedGateway(ElementInstanceRecord gateway, String eventId,
                                          Map<String, Object> eventVariables) {
        if (gateway.state != ElementInstanceState.ACTIVE) {
            return;
        }
        FlowNode node = model(gateway.processDefinitionKey).node(gateway.elementId);
        SequenceFlow chosen = node.getOutgoing().stream()
                .filter(flow -> flow.getTarget().getId().equals(eventId)).findFirst().orElseThrow();
        closeWaits(gateway);
        gateway.state = ElementInstanceState.COMPLETED;
        gateway.endDate = now();
        state.put(gateway);
        ElementInstanceRecord scope = state.elementInstance(gateway.flowScopeKey);
        scope.activeChildren--;
        state.put(scope);
        ProcessInstanceRecord instance = state.processInstance(scope.processInstanceKey);
        if (instance.takenSequenceFlows.add(chosen.getId())) {
            state.put(instance);
        }
        ElementInstanceRecord event = newElementInstance(scope, chosen.getTarget(),
                ElementType.INTERMEDIATE_CATCH_EVENT);
        acceptResultVariables(event, eventVariables);
        agenda.addLast(() -> {
            try {
                applyInputMappings(event, chosen.getTarget());
            } catch (ExpressionException e) {
                raiseIncident(event, e.errorType(), e.getMessage(), null, STEP_LEAVE);
                return;
            }
            leave(event);
        });
    }

    /** Terminate end event: everything else in its scope is terminated and the scope completes. */
    private void terminateScope(ElementInstanceRecord endEvent) {
        ElementInstanceRecord scope = state.elementInstance(endEvent.flowScopeKey);
        for (ElementInstanceRecord child : state.children(scope.key)) {
            if (child.key != endEvent.key) {
                terminate(child);
            }
        }
        scope.joinArrivals.clear();
        state.put(scope);
        leave(endEvent);
    }

    private void enterEndEvent(ElementInstanceRecord instance, EndEvent node) {
        EventDefinition definition = ProcessModel.eventDefinition(node);
        if (definition instanceof TerminateEventDefinition) {
            terminateScope(instance);
            return;
        }
        if (definition instanceof MessageEventDefinition) {
            createJob(instance, node);
            return;
        }
        if (definition instanceof ErrorEventDefinition error) {
            String code = error.getError() == null ? null : error.getError().getErrorCode();
            throwError(instance, instance.flowScopeKey, code, null, Map.of());
            return;
        }
        leave(instance);
    }

    private void enterCatchEvent(ElementInstanceRecord instance, IntermediateCatchEvent node) {
        EventDefinition definition = ProcessModel.eventDefinition(node);
        if (definition instanceof TimerEventDefinition timer) {
            createTimer(instance, node.getId(), timer);
        } else if (definition instanceof MessageEventDefinition message) {
            openMessageSubscription(instance, node.getId(), message);
        } else {
            throw new IllegalStateException("unsupported intermediate catch event " + node.getId());
        }
    }

    // ------------------------------------------------------------------ leaving

    /** Output mappings, then the outgoing sequence flows; an expression failure becomes an incident. */
    void leave(ElementInstanceRecord instance) {
        if (instance.state != ElementInstanceState.ACTIVE) {
            return;
        }
        ProcessModel model = model(instance.processDefinitionKey);
        FlowNode node = model.node(instance.elementId);
        List<SequenceFlow> outgoing;
        try {
            if (instance.type != ElementType.MULTI_INSTANCE_BODY) {
                applyOutputMappings(instance, node);
            }
            if (isInnerInstance(instance)) {
                collectOutputElement(instance, (Activity) node);
            }
            outgoing = instance.type == ElementType.EXCLUSIVE_GATEWAY
                    ? List.of(chooseExclusiveFlow(instance, (ExclusiveGateway) node))
                    : instance.type == ElementType.INCLUSIVE_GATEWAY
                    ? chooseInclusiveFlows(instance, (InclusiveGateway) node)
                    : isInnerInstance(instance) ? List.of() : new ArrayList<>(node.getOutgoing());
        } catch (ExpressionException e) {
            raiseIncident(instance, e.errorType(), e.getMessage(), null, STEP_LEAVE);
            return;
        }
        closeWaits(instance);
        instance.state = ElementInstanceState.COMPLETED;
        instance.endDate = now();
        state.put(instance);
        ElementInstanceRecord scope = state.elementInstance(instance.flowScopeKey);
        scope.activeChildren--;
        state.put(scope);
        for (SequenceFlow flow : outgoing) {
            takeFlow(scope, flow);
        }
        if (isInnerInstance(instance)) {
            agenda.addLast(() -> innerInstanceCompleted(scope, instance));
        } else {
            agenda.addLast(() -> completeScopeIfDone(scope));
        }
    }

    private boolean isInnerInstance(ElementInstanceRecord instance) {
        if (instance.flowScopeKey == null || instance.type == ElementType.MULTI_INSTANCE_BODY) {
            return false;
        }
        ElementInstanceRecord scope = state.elementInstance(instance.flowScopeKey);
        return scope.type == ElementType.MULTI_INSTANCE_BODY && scope.elementId.equals(instance.elementId);
    }

    private void applyOutputMappings(ElementInstanceRecord instance, FlowNode node) {
        ZeebeIoMapping mapping = node.getSingleExtensionElement(ZeebeIoMapping.class);
        if (mapping == null || mapping.getOutputs().isEmpty()) {
            return;
        }
        Map<String, Object> context = variables.visible(instance.key);
        Map<String, Object> results = new LinkedHashMap<>();
        for (ZeebeOutput output : mapping.getOutputs()) {
            // output sources are always expressions (deployment rejects static ones)
            assignTarget(results, output.getTarget(),
                    feel.evaluate(output.getSource(), context, "IO_MAPPING_ERROR"), context);
        }
        variables.merge(instance.flowScopeKey, results);
    }

    /**
     * A mapping target may be a path ("case.risk"): the value goes into a copy of the existing object (or a new
     * one), and the whole top-level variable is what gets written.
     */
    @SuppressWarnings("unchecked")
    private static void assignTarget(Map<String, Object> results, String target, Object value,
                                     Map<String, Object> context) {
        String[] path = target.trim().split("\\.");
        if (path.length == 1) {
            results.put(path[0], value);
            return;
        }
        Object existing = results.containsKey(path[0]) ? results.get(path[0]) : context.get(path[0]);
        Map<String, Object> root = existing instanceof Map<?, ?> map
                ? deepCopy((Map<String, Object>) map) : new LinkedHashMap<>();
        Map<String, Object> current = root;
        for (int i = 1; i < path.length - 1; i++) {
            Object next = current.get(path[i]);
            Map<String, Object> child = next instanceof Map<?, ?> map
                    ? deepCopy((Map<String, Object>) map) : new LinkedHashMap<>();
            current.put(path[i], child);
            current = child;
        }
        current.put(path[path.length - 1], value);
        results.put(path[0], root);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> deepCopy(Map<String, Object> source) {
        Map<String, Object> copy = new LinkedHashMap<>();
        source.forEach((k, v) -> copy.put(k, v instanceof Map<?, ?> m ? deepCopy((Map<String, Object>) m) : v));
        return copy;
    }

    static boolean hasOutputMappings(FlowNode node) {
        ZeebeIoMapping mapping = node.getSingleExtensionElement(ZeebeIoMapping.class);
        return mapping != null && !mapping.getOutputs().isEmpty();
    }

    /**
     * Variables a job, user task, message or called process hand back: local to the element when it has output
     * mappings (the mappings decide what leaves), otherwise merged into the scopes above, as Camunda does.
     */
    void acceptResultVariables(ElementInstanceRecord instance, Map<String, Object> result) {
        if (result == null || result.isEmpty()) {
            return;
        }
        FlowNode node = model(instance.processDefinitionKey).node(instance.elementId);
        if (hasOutputMappings(node)) {
            variables.setAllLocal(instance.key, result);
        } else {
            variables.merge(instance.key, result);
        }
    }

    private SequenceFlow chooseExclusiveFlow(ElementInstanceRecord instance, ExclusiveGateway gateway) {
        Map<String, Object> context = variables.visible(instance.key);
        for (SequenceFlow flow : gateway.getOutgoing()) {
            if (flow.equals(gateway.getDefault())) {
                continue;
            }
            if (flow.getConditionExpression() == null) {
                if (gateway.getOutgoing().size() == 1) {
                    return flow;
                }
                continue;
            }
            if (conditionHolds(flow, context)) {
                return flow;
            }
        }
        if (gateway.getDefault() != null) {
            return gateway.getDefault();
        }
        throw new ExpressionException("CONDITION_ERROR", "Expected at least one condition to evaluate to true, "
                + "or to have a default flow at exclusive gateway '" + gateway.getId() + "'");
    }

    /** The flow's condition is true; null counts as false, any other non-boolean is a CONDITION_ERROR. */
    private boolean conditionHolds(SequenceFlow flow, Map<String, Object> context) {
        Object result = feel.evaluate(flow.getConditionExpression().getTextContent(), context, "CONDITION_ERROR");
        if (result != null && !(result instanceof Boolean)) {
            throw new ExpressionException("CONDITION_ERROR", "Expected condition of sequence flow '"
                    + flow.getId() + "' to be a boolean, but was " + result);
        }
        return Boolean.TRUE.equals(result);
    }

    /** Every flow whose condition holds (flows without a condition always); the default only when none does. */
    private List<SequenceFlow> chooseInclusiveFlows(ElementInstanceRecord instance, InclusiveGateway gateway) {
        Map<String, Object> context = variables.visible(instance.key);
        List<SequenceFlow> taken = new ArrayList<>();
        for (SequenceFlow flow : gateway.getOutgoing()) {
            if (flow.equals(gateway.getDefault())) {
                continue;
            }
            if (flow.getConditionExpression() == null) {
                taken.add(flow);
                continue;
            }
            if (conditionHolds(flow, context)) {
                taken.add(flow);
            }
        }
        if (taken.isEmpty() && gateway.getDefault() != null) {
            taken.add(gateway.getDefault());
        }
        if (taken.isEmpty()) {
            throw new ExpressionException("CONDITION_ERROR", "Expected at least one condition to evaluate to true, "
                    + "or to have a default flow at inclusive gateway '" + gateway.getId() + "'");
        }
        return taken;
    }

    /**
     * Inclusive gateway joins of the scope fire once every incoming flow either has a token or can no longer get
     * one: no active element (and no token waiting at another join) of the scope has a path to it.
     */
    private void checkInclusiveJoins(ElementInstanceRecord scope) {
        if (scope.state != ElementInstanceState.ACTIVE || scope.joinArrivals.isEmpty()) {
            return;
        }
        ProcessModel model = model(scope.processDefinitionKey);
        Set<InclusiveGateway> pending = new java.util.LinkedHashSet<>();
        for (String flowId : scope.joinArrivals.keySet()) {
            if (model.element(flowId) instanceof SequenceFlow flow && flow.getTarget() instanceof InclusiveGateway g) {
                pending.add(g);
            }
        }
        for (InclusiveGateway gateway : pending) {
            List<SequenceFlow> missing = new ArrayList<>();
            for (SequenceFlow in : gateway.getIncoming()) {
                if (scope.joinArrivals.getOrDefault(in.getId(), 0) <= 0) {
                    missing.add(in);
                }
            }
            if (!missing.isEmpty() && canStillArrive(scope, model, gateway, missing)) {
                continue;
            }
            for (SequenceFlow in : gateway.getIncoming()) {
                if (scope.joinArrivals.getOrDefault(in.getId(), 0) > 0) {
                    scope.joinArrivals.merge(in.getId(), -1, Integer::sum);
                    scope.joinArrivals.remove(in.getId(), 0);
                }
            }
            state.put(scope);
            activate(scope, gateway, null);
        }
    }

    private boolean canStillArrive(ElementInstanceRecord scope, ProcessModel model, InclusiveGateway gateway,
                                   List<SequenceFlow> missing) {
        Deque<FlowNode> pending = new ArrayDeque<>();
        for (ElementInstanceRecord child : state.children(scope.key)) {
            if (child.state == ElementInstanceState.ACTIVE && child.type != ElementType.EVENT_SUB_PROCESS) {
                pending.add(model.node(child.elementId));
            }
        }
        for (Map.Entry<String, Integer> arrival : scope.joinArrivals.entrySet()) {
            if (arrival.getValue() > 0 && model.element(arrival.getKey()) instanceof SequenceFlow flow
                    && flow.getTarget() != gateway) {
                pending.add(flow.getTarget());
            }
        }
        Set<String> visited = new HashSet<>();
        while (!pending.isEmpty()) {
            FlowNode node = pending.pollFirst();
            if (node == gateway || !visited.add(node.getId())) {
                continue;
            }
            for (SequenceFlow out : node.getOutgoing()) {
                if (missing.contains(out)) {
                    return true;
                }
                pending.add(out.getTarget());
            }
            pending.addAll(model.boundaryEvents(node.getId()));
        }
        return false;
    }

    private void takeFlow(ElementInstanceRecord scope, SequenceFlow flow) {
        ProcessInstanceRecord instance = state.processInstance(scope.processInstanceKey);
        if (instance.takenSequenceFlows.add(flow.getId())) {
            state.put(instance);
        }
        FlowNode target = flow.getTarget();
        if (target instanceof InclusiveGateway && target.getIncoming().size() > 1) {
            scope.joinArrivals.merge(flow.getId(), 1, Integer::sum);
            state.put(scope);
            // checked once the step that took the flow has taken all its flows and created its elements
            agenda.addLast(() -> checkInclusiveJoins(scope));
            return;
        }
        if (target instanceof ParallelGateway && target.getIncoming().size() > 1) {
            scope.joinArrivals.merge(flow.getId(), 1, Integer::sum);
            boolean allArrived = target.getIncoming().stream()
                    .allMatch(in -> scope.joinArrivals.getOrDefault(in.getId(), 0) > 0);
            if (allArrived) {
                for (SequenceFlow in : target.getIncoming()) {
                    scope.joinArrivals.merge(in.getId(), -1, Integer::sum);
                    scope.joinArrivals.remove(in.getId(), 0);
                }
                activate(scope, target, null);
            }
            state.put(scope);
            return;
        }
        activate(scope, target, null);
    }

    private void completeScopeIfDone(ElementInstanceRecord scope) {
        if (scope.state != ElementInstanceState.ACTIVE) {
            return;
        }
        if (!scope.joinArrivals.isEmpty()) {
            checkInclusiveJoins(scope);
        }
        if (scope.activeChildren > 0 || !scope.joinArrivals.isEmpty()) {
            return;
        }
        if (scope.type == ElementType.PROCESS) {
            completeProcess(scope);
        } else if (scope.type == ElementType.SUB_PROCESS || scope.type == ElementType.EVENT_SUB_PROCESS) {
            leave(scope);
        }
    }

    private void completeProcess(ElementInstanceRecord root) {
        closeWaits(root);
        root.state = ElementInstanceState.COMPLETED;
        root.endDate = now();
        state.put(root);
        ProcessInstanceRecord instance = state.processInstance(root.key);
        endProcessInstance(instance, ProcessInstanceState.COMPLETED);
        if (instance.parentElementInstanceKey != null) {
            ElementInstanceRecord callActivity = state.elementInstance(instance.parentElementInstanceKey);
            if (callActivity != null && callActivity.state == ElementInstanceState.ACTIVE) {
                CallActivity node = (CallActivity) model(callActivity.processDefinitionKey)
                        .node(callActivity.elementId);
                ZeebeCalledElement called = node.getSingleExtensionElement(ZeebeCalledElement.class);
                boolean propagateAll = called == null || called.isPropagateAllChildVariablesEnabled();
                if (propagateAll || hasOutputMappings(node)) {
                    acceptResultVariables(callActivity, variables.local(root.key));
                }
                agenda.addLast(() -> leave(callActivity));
            }
        }
    }

    // ------------------------------------------------------------------ termination

    /** Terminates the instance and everything inside it; does not move the token on. */
    void terminate(ElementInstanceRecord instance) {
        if (instance.state != ElementInstanceState.ACTIVE) {
            return;
        }
        for (ElementInstanceRecord child : state.children(instance.key)) {
            terminate(child);
        }
        closeWaits(instance);
        if (instance.calledProcessInstanceKey != null) {
            ProcessInstanceRecord called = state.processInstance(instance.calledProcessInstanceKey);
            if (called != null && called.state == ProcessInstanceState.ACTIVE) {
                cancelProcessInstance(called);
            }
        }
        instance.state = ElementInstanceState.TERMINATED;
        instance.endDate = now();
        instance.joinArrivals.clear();
        state.put(instance);
        if (instance.flowScopeKey != null) {
            ElementInstanceRecord scope = state.elementInstance(instance.flowScopeKey);
            scope.activeChildren--;
            state.put(scope);
        }
    }

    /** Ends everything the instance waits on: its job, user task, timers, subscriptions and incidents. */
    private void closeWaits(ElementInstanceRecord instance) {
        List<UserTaskRecord> canceledTasks = new ArrayList<>();
        for (org.opensafeguarding.engine.state.EngineRecord wait : state.waitsOf(instance.key)) {
            if (wait instanceof JobRecord job && isOpenJob(job)) {
                job.state = JobState.CANCELED;
                job.endTime = now();
                state.put(job);
            } else if (wait instanceof UserTaskRecord task && isOpenUserTask(task)) {
                task.state = "CANCELED";
                task.completionDate = now();
                state.put(task);
                canceledTasks.add(task);
            } else if (wait instanceof TimerRecord timer) {
                state.remove(timer);
            } else if (wait instanceof MessageSubscriptionRecord subscription
                    && subscription.state == MessageSubscriptionState.CREATED) {
                subscription.state = MessageSubscriptionState.DELETED;
                subscription.lastUpdated = now();
                state.put(subscription);
            }
        }
        // after the loop: the canceling listeners' jobs become waits of this element too
        canceledTasks.forEach(taskListeners::canceled);
        if (instance.incidentKey != null) {
            IncidentRecord incident = state.get(RecordKind.INCIDENT, instance.incidentKey);
            if (incident != null && incident.state == IncidentState.ACTIVE) {
                incident.state = IncidentState.RESOLVED;
                state.put(incident);
            }
            instance.incidentKey = null;
        }
    }

    // ------------------------------------------------------------------ jobs and user tasks

    /** Open: CREATED, or in a transition its listeners are running for (CREATING, ASSIGNING, ...). */
    static boolean isOpenUserTask(UserTaskRecord task) {
        return !"COMPLETED".equals(task.state) && !"CANCELED".equals(task.state);
    }

    private static boolean isOpenJob(JobRecord job) {
        return job.state == JobState.CREATED || job.state == JobState.ACTIVATED || job.state == JobState.FAILED;
    }

    private void createJob(ElementInstanceRecord instance, FlowNode node) {
        ZeebeTaskDefinition definition = node.getSingleExtensionElement(ZeebeTaskDefinition.class);
        Map<String, Object> context = variables.visible(instance.key);
        String type = feel.evaluateString(definition.getType(), context, "EXTRACT_VALUE_ERROR", "job type");
        String retriesText = definition.getRetries() == null ? "3" : definition.getRetries();
        Object retries = feel.evaluate(retriesText, context, "EXTRACT_VALUE_ERROR");
        JobRecord job = new JobRecord();
        job.key = state.newKey();
        job.type = type;
        job.retries = retries instanceof Number n ? n.intValue() : Integer.parseInt(String.valueOf(retries).trim());
        job.customHeaders = headers(node);
        fillJobContext(job, instance);
        state.put(job);
        listener.jobAvailable(job.type);
    }

    void fillJobContext(JobRecord job, ElementInstanceRecord instance) {
        ProcessDefinitionRecord definition = state.get(RecordKind.PROCESS_DEFINITION, instance.processDefinitionKey);
        job.elementInstanceKey = instance.key;
        job.processInstanceKey = instance.processInstanceKey;
        job.processDefinitionKey = instance.processDefinitionKey;
        job.bpmnProcessId = instance.bpmnProcessId;
        job.processDefinitionVersion = definition.version;
        job.elementId = instance.elementId;
        job.creationTime = now();
        job.tenantId = instance.tenantId;
    }

    private static Map<String, String> headers(FlowNode node) {
        Map<String, String> headers = new LinkedHashMap<>();
        ZeebeTaskHeaders taskHeaders = node.getSingleExtensionElement(ZeebeTaskHeaders.class);
        if (taskHeaders != null) {
            for (ZeebeHeader header : taskHeaders.getHeaders()) {
                headers.put(header.getKey(), header.getValue());
            }
        }
        return headers;
    }

    private void createUserTask(ElementInstanceRecord instance, UserTask node) {
        Map<String, Object> context = variables.visible(instance.key);
        UserTaskRecord task = new UserTaskRecord();
        ZeebeAssignmentDefinition assignment = node.getSingleExtensionElement(ZeebeAssignmentDefinition.class);
        if (assignment != null) {
            task.assignee = emptyToNull(feel.evaluateString(assignment.getAssignee(), context,
                    "EXTRACT_VALUE_ERROR", "assignee"));
            task.candidateGroups = stringList(assignment.getCandidateGroups(), context, "candidateGroups");
            task.candidateUsers = stringList(assignment.getCandidateUsers(), context, "candidateUsers");
        }
        ZeebeTaskSchedule schedule = node.getSingleExtensionElement(ZeebeTaskSchedule.class);
        if (schedule != null) {
            task.dueDate = emptyToNull(feel.evaluateString(schedule.getDueDate(), context, "EXTRACT_VALUE_ERROR",
                    "dueDate"));
            task.followUpDate = emptyToNull(feel.evaluateString(schedule.getFollowUpDate(), context,
                    "EXTRACT_VALUE_ERROR", "followUpDate"));
        }
        ZeebePriorityDefinition priority = node.getSingleExtensionElement(ZeebePriorityDefinition.class);
        if (priority != null && priority.getPriority() != null) {
            Object value = feel.evaluate(priority.getPriority(), context, "EXTRACT_VALUE_ERROR");
            task.priority = value instanceof Number n ? n.intValue() : Integer.parseInt(String.valueOf(value).trim());
        }
        ZeebeFormDefinition form = node.getSingleExtensionElement(ZeebeFormDefinition.class);
        if (form != null) {
            if (form.getFormId() != null && !form.getFormId().isBlank()) {
                task.formKey = latestFormKey(form.getFormId());
                if (task.formKey == null) {
                    throw new ExpressionException("FORM_NOT_FOUND", "Expected to find a form with id '"
                            + form.getFormId() + "', but no form with this id is deployed");
                }
            } else if (form.getExternalReference() != null) {
                task.externalFormReference = feel.evaluateString(form.getExternalReference(), context,
                        "EXTRACT_VALUE_ERROR", "externalReference");
            } else if (form.getFormKey() != null) {
                task.externalFormReference = form.getFormKey();
            }
        }
        task.key = state.newKey();
        task.name = node.getName();
        task.customHeaders = headers(node);
        ProcessDefinitionRecord definition = state.get(RecordKind.PROCESS_DEFINITION, instance.processDefinitionKey);
        task.elementInstanceKey = instance.key;
        task.processInstanceKey = instance.processInstanceKey;
        task.processDefinitionKey = instance.processDefinitionKey;
        task.bpmnProcessId = instance.bpmnProcessId;
        task.processDefinitionVersion = definition.version;
        task.elementId = instance.elementId;
        task.creationDate = now();
        task.tenantId = instance.tenantId;
        taskListeners.create(task);
    }

    private Long latestFormKey(String formId) {
        FormRecord latest = state.latestForm(formId);
        return latest == null ? null : latest.key;
    }

    private List<String> stringList(String value, Map<String, Object> context, String what) {
        if (value == null || value.isBlank()) {
            return new ArrayList<>();
        }
        if (!FeelExpressions.isExpression(value)) {
            List<String> result = new ArrayList<>();
            for (String part : value.split(",")) {
                if (!part.isBlank()) {
                    result.add(part.trim());
                }
            }
            return result;
        }
        Object result = feel.evaluate(value, context, "EXTRACT_VALUE_ERROR");
        if (result instanceof Collection<?> items) {
            List<String> list = new ArrayList<>();
            items.forEach(item -> list.add(String.valueOf(item)));
            return list;
        }
        if (result instanceof String s) {
            return stringList(s, context, what);
        }
        throw new ExpressionException("EXTRACT_VALUE_ERROR", "Expected " + what + " '" + value
                + "' to be a list of strings, but was " + result);
    }

    private static String emptyToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    // ------------------------------------------------------------------ boundary events, timers, messages

    /** Boundary events belong to the multi-instance body, not to each inner instance. */
    private void openBoundaryEvents(ElementInstanceRecord instance, FlowNode node) {
        if (isInnerInstance(instance)) {
            return;
        }
        for (BoundaryEvent boundary : model(instance.processDefinitionKey).boundaryEvents(node.getId())) {
            EventDefinition definition = ProcessModel.eventDefinition(boundary);
            if (definition instanceof TimerEventDefinition timer) {
                createTimer(instance, boundary.getId(), timer);
            } else if (definition instanceof MessageEventDefinition message) {
                openMessageSubscription(instance, boundary.getId(), message);
            }
        }
    }

    private void createTimer(ElementInstanceRecord instance, String eventId, TimerEventDefinition definition) {
        Map<String, Object> context = variables.visible(instance.key);
        TimerSchedule schedule;
        try {
            if (definition.getTimeDuration() != null) {
                schedule = TimerSchedule.duration(feel.evaluateString(definition.getTimeDuration().getTextContent(),
                        context, "EXTRACT_VALUE_ERROR", "timer duration"), now());
            } else if (definition.getTimeDate() != null) {
                schedule = TimerSchedule.date(feel.evaluateString(definition.getTimeDate().getTextContent(),
                        context, "EXTRACT_VALUE_ERROR", "timer date"));
            } else {
                schedule = TimerSchedule.cycle(feel.evaluateString(definition.getTimeCycle().getTextContent(),
                        context, "EXTRACT_VALUE_ERROR", "timer cycle"), now());
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

    void triggerTimer(TimerRecord timer) {
        if (timer.elementInstanceKey == TimerStartEvents.NO_ELEMENT_INSTANCE) {
            state.remove(timer);
            TimerStartEvents.fire(this, state, timer);
            return;
        }
        ElementInstanceRecord instance = state.elementInstance(timer.elementInstanceKey);
        state.remove(timer);
        if (instance == null || instance.state != ElementInstanceState.ACTIVE) {
            return;
        }
        if (instance.elementId.equals(timer.targetElementId) && instance.type != ElementType.MULTI_INSTANCE_BODY) {
            leave(instance);
            return;
        }
        if (instance.type == ElementType.EVENT_BASED_GATEWAY) {
            triggerEventBasedGateway(instance, timer.targetElementId, Map.of());
            return;
        }
        FlowElement target = model(instance.processDefinitionKey).element(timer.targetElementId);
        if (target instanceof StartEvent start) {
            if (!start.isInterrupting()) {
                repeat(timer);
            }
            triggerEventSubProcess(instance, start, Map.of());
            return;
        }
        BoundaryEvent boundary = (BoundaryEvent) target;
        if (!boundary.cancelActivity()) {
            repeat(timer);
        }
        triggerBoundary(instance, boundary, Map.of());
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

    /** Interrupting: the activity ends and the boundary event takes over; otherwise both go on. */
    void triggerBoundary(ElementInstanceRecord activity, BoundaryEvent boundary, Map<String, Object> eventVariables) {
        ElementInstanceRecord scope = state.elementInstance(activity.flowScopeKey);
        if (boundary.cancelActivity()) {
            terminate(activity);
        }
        ElementInstanceRecord event = newElementInstance(scope, boundary, ElementType.BOUNDARY_EVENT);
        acceptResultVariables(event, eventVariables);
        agenda.addLast(() -> enter(event));
    }

    private void openMessageSubscription(ElementInstanceRecord instance, String eventId,
                                         MessageEventDefinition definition) {
        openMessageSubscription(instance, eventId, definition.getMessage());
    }

    private void openMessageSubscription(ElementInstanceRecord instance, String eventId, Message messageDefinition) {
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
        subscription.lastUpdated = now();
        subscription.tenantId = instance.tenantId;
        state.put(subscription);
        // a message published before the subscription opened is still delivered while its TTL lasts
        for (MessageRecord message : state.bufferedMessages(name, correlationKey)) {
            if (message.expiresAt > now()
                    && !message.correlatedProcesses.contains("instance:" + instance.processInstanceKey)) {
                message.correlatedProcesses.add("instance:" + instance.processInstanceKey);
                state.put(message);
                subscription.correlated(message.key, now());
                correlate(subscription, message.variables);
                break;
            }
        }
    }

    /** Delivers a message to a waiting catch event or boundary event. */
    void correlate(MessageSubscriptionRecord subscription, Map<String, Object> messageVariables) {
        ElementInstanceRecord instance = state.elementInstance(subscription.elementInstanceKey);
        subscription.lastUpdated = now();
        if (instance.elementId.equals(subscription.targetElementId)
                && instance.type != ElementType.MULTI_INSTANCE_BODY) {
            subscription.state = MessageSubscriptionState.CORRELATED;
            state.put(subscription);
            acceptResultVariables(instance, messageVariables);
            agenda.addLast(() -> leave(instance));
            return;
        }
        if (instance.type == ElementType.EVENT_BASED_GATEWAY) {
            subscription.state = MessageSubscriptionState.CORRELATED;
            state.put(subscription);
            triggerEventBasedGateway(instance, subscription.targetElementId, messageVariables);
            return;
        }
        FlowElement target = model(instance.processDefinitionKey).element(subscription.targetElementId);
        if (target instanceof StartEvent start) {
            if (start.isInterrupting()) {
                subscription.state = MessageSubscriptionState.CORRELATED;
            }
            state.put(subscription);
            triggerEventSubProcess(instance, start, messageVariables);
            return;
        }
        BoundaryEvent boundary = (BoundaryEvent) target;
        if (boundary.cancelActivity()) {
            subscription.state = MessageSubscriptionState.CORRELATED;
        }
        state.put(subscription);
        triggerBoundary(instance, boundary, messageVariables);
    }

    // ------------------------------------------------------------------ errors

    /**
     * Looks for an error boundary event catching the code, from the given scope outwards and across call
     * activities; without one the throwing element gets an UNHANDLED_ERROR_EVENT incident.
     */
    boolean throwError(ElementInstanceRecord thrower, Long startScopeKey, String errorCode, String errorMessage,
                       Map<String, Object> errorVariables) {
        Long current = startScopeKey;
        while (current != null) {
            ElementInstanceRecord candidate = state.elementInstance(current);
            StartEvent errorStart = errorEventSubProcess(candidate, errorCode);
            if (errorStart != null) {
                triggerEventSubProcess(candidate, errorStart, errorVariables);
                return true;
            }
            if (candidate.type == ElementType.PROCESS) {
                ProcessInstanceRecord instance = state.processInstance(candidate.key);
                current = instance.parentElementInstanceKey;
                continue;
            }
            if (!isInnerInstance(candidate)) {
                for (BoundaryEvent boundary : model(candidate.processDefinitionKey)
                        .boundaryEvents(candidate.elementId)) {
                    if (ProcessModel.eventDefinition(boundary) instanceof ErrorEventDefinition error
                            && catches(error, errorCode)) {
                        triggerBoundary(candidate, boundary, errorVariables);
                        return true;
                    }
                }
            }
            current = candidate.flowScopeKey;
        }
        raiseIncident(thrower, "UNHANDLED_ERROR_EVENT", "Expected to throw an error event with the code '"
                + errorCode + "'" + (errorMessage == null ? "" : " with message '" + errorMessage + "'")
                + ", but it was not caught. No error events are available in the scope.", null, null);
        return false;
    }

    /** An error event subprocess directly inside the scope that catches the code, or null. */
    private StartEvent errorEventSubProcess(ElementInstanceRecord scope, String errorCode) {
        if (scope.state != ElementInstanceState.ACTIVE) {
            return null;
        }
        Collection<FlowElement> elements;
        ProcessModel model = model(scope.processDefinitionKey);
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
                StartEvent start = eventSubProcessStart(sub);
                if (ProcessModel.eventDefinition(start) instanceof ErrorEventDefinition error
                        && catches(error, errorCode)) {
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

    private static boolean catches(ErrorEventDefinition definition, String errorCode) {
        return definition.getError() == null || definition.getError().getErrorCode() == null
                || definition.getError().getErrorCode().isBlank()
                || definition.getError().getErrorCode().equals(errorCode);
    }

    // ------------------------------------------------------------------ call activities

    private void callProcess(ElementInstanceRecord instance, CallActivity node) {
        ZeebeCalledElement called = node.getSingleExtensionElement(ZeebeCalledElement.class);
        Map<String, Object> context = variables.visible(instance.key);
        String processId = feel.evaluateString(called.getProcessId(), context, "EXTRACT_VALUE_ERROR",
                "called process id");
        ProcessDefinitionRecord latest = state.latestProcessDefinition(processId);
        if (latest == null) {
            throw new ExpressionException("CALLED_ELEMENT_ERROR", "Expected process with BPMN process id '"
                    + processId + "' to be deployed, but not found.");
        }
        Map<String, Object> handedDown = called.isPropagateAllParentVariablesEnabled()
                ? context : variables.local(instance.key);
        ProcessInstanceRecord child = createProcessInstance(latest, handedDown, null, instance.processInstanceKey,
                instance.key);
        instance.calledProcessInstanceKey = child.key;
        state.put(instance);
    }

    // ------------------------------------------------------------------ multi-instance

    private void enterMultiInstanceBody(ElementInstanceRecord body, Activity activity) {
        ZeebeLoopCharacteristics loop = activity.getLoopCharacteristics()
                .getSingleExtensionElement(ZeebeLoopCharacteristics.class);
        Object collection = feel.evaluate(loop.getInputCollection(), variables.visible(body.key),
                "EXTRACT_VALUE_ERROR");
        if (!(collection instanceof List<?> items)) {
            throw new ExpressionException("EXTRACT_VALUE_ERROR", "Expected result of the expression '"
                    + loop.getInputCollection() + "' to be 'ARRAY', but was '"
                    + (collection == null ? "NULL" : collection.getClass().getSimpleName()) + "'.");
        }
        openBoundaryEvents(body, activity);
        body.miItems = new ArrayList<>(items);
        body.miNextIndex = 0;
        body.miCompleted = 0;
        state.put(body);
        if (loop.getOutputCollection() != null && !loop.getOutputCollection().isBlank()) {
            List<Object> outputs = new ArrayList<>();
            items.forEach(item -> outputs.add(null));
            variables.setLocal(body.key, loop.getOutputCollection(), outputs);
        }
        if (items.isEmpty()) {
            leaveBody(body, activity);
            return;
        }
        boolean sequential = ((MultiInstanceLoopCharacteristics) activity.getLoopCharacteristics()).isSequential();
        int count = sequential ? 1 : items.size();
        for (int i = 0; i < count; i++) {
            startInner(body, activity, loop);
        }
    }

    private void startInner(ElementInstanceRecord body, Activity activity, ZeebeLoopCharacteristics loop) {
        int index = body.miNextIndex++;
        state.put(body);
        ElementInstanceRecord inner = newElementInstance(body, activity, ElementTypes.of(activity));
        inner.loopCounter = index + 1;
        state.put(inner);
        Map<String, Object> locals = new HashMap<>();
        locals.put("loopCounter", index + 1);
        if (loop.getInputElement() != null && !loop.getInputElement().isBlank()) {
            locals.put(loop.getInputElement(), body.miItems.get(index));
        }
        variables.setAllLocal(inner.key, locals);
        agenda.addLast(() -> enter(inner));
    }

    private void collectOutputElement(ElementInstanceRecord inner, Activity activity) {
        ZeebeLoopCharacteristics loop = activity.getLoopCharacteristics()
                .getSingleExtensionElement(ZeebeLoopCharacteristics.class);
        if (loop.getOutputCollection() == null || loop.getOutputCollection().isBlank()
                || loop.getOutputElement() == null || loop.getOutputElement().isBlank()) {
            return;
        }
        Object value = feel.evaluate(loop.getOutputElement(), variables.visible(inner.key), "EXTRACT_VALUE_ERROR");
        Map<String, Object> bodyLocals = variables.local(inner.flowScopeKey);
        Object current = bodyLocals.get(loop.getOutputCollection());
        List<Object> outputs = current instanceof List<?> list ? new ArrayList<>(list) : new ArrayList<>();
        int index = inner.loopCounter - 1;
        while (outputs.size() <= index) {
            outputs.add(null);
        }
        outputs.set(index, value);
        variables.setLocal(inner.flowScopeKey, loop.getOutputCollection(), outputs);
    }

    private void innerInstanceCompleted(ElementInstanceRecord body, ElementInstanceRecord inner) {
        if (body.state != ElementInstanceState.ACTIVE) {
            return;
        }
        Activity activity = (Activity) model(body.processDefinitionKey).node(body.elementId);
        body.miCompleted++;
        state.put(body);
        MultiInstanceLoopCharacteristics characteristics =
                (MultiInstanceLoopCharacteristics) activity.getLoopCharacteristics();
        if (characteristics.getCompletionCondition() != null
                && characteristics.getCompletionCondition().getTextContent() != null
                && !characteristics.getCompletionCondition().getTextContent().isBlank()) {
            Map<String, Object> context = variables.visible(inner.key);
            context.put("numberOfInstances", body.miItems.size());
            context.put("numberOfActiveInstances", body.activeChildren);
            context.put("numberOfCompletedInstances", body.miCompleted);
            context.put("numberOfTerminatedInstances", 0);
            Object done;
            try {
                done = feel.evaluate(characteristics.getCompletionCondition().getTextContent(), context,
                        "EXTRACT_VALUE_ERROR");
            } catch (ExpressionException e) {
                raiseIncident(body, e.errorType(), e.getMessage(), null, null);
                return;
            }
            if (Boolean.TRUE.equals(done)) {
                // the remaining instances are terminated (or, sequentially, never started)
                for (ElementInstanceRecord child : state.children(body.key)) {
                    terminate(child);
                }
                leaveBody(body, activity);
                return;
            }
        }
        boolean sequential = characteristics.isSequential();
        if (sequential && body.miNextIndex < body.miItems.size()) {
            startInner(body, activity, activity.getLoopCharacteristics()
                    .getSingleExtensionElement(ZeebeLoopCharacteristics.class));
        } else if (body.activeChildren == 0) {
            leaveBody(body, activity);
        }
    }

    private void leaveBody(ElementInstanceRecord body, Activity activity) {
        ZeebeLoopCharacteristics loop = activity.getLoopCharacteristics()
                .getSingleExtensionElement(ZeebeLoopCharacteristics.class);
        if (loop.getOutputCollection() != null && !loop.getOutputCollection().isBlank()) {
            Object outputs = variables.local(body.key).get(loop.getOutputCollection());
            Map<String, Object> propagated = new HashMap<>();
            propagated.put(loop.getOutputCollection(), outputs);
            variables.merge(body.flowScopeKey, propagated);
        }
        leave(body);
    }

    // ------------------------------------------------------------------ incidents

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
        incident.creationTime = now();
        incident.tenantId = instance.tenantId;
        state.put(incident);
        instance.incidentKey = incident.key;
        instance.pendingStep = pendingStep;
        state.put(instance);
        return incident;
    }

    /** Retries the step an expression incident interrupted. */
    void retryPendingStep(ElementInstanceRecord instance) {
        String step = instance.pendingStep;
        instance.pendingStep = null;
        instance.incidentKey = null;
        state.put(instance);
        if (step != null && step.startsWith(STEP_START)) {
            FlowNode startNode = model(instance.processDefinitionKey).node(step.substring(STEP_START.length()));
            agenda.addLast(() -> startRoot(instance, startNode));
        } else if (STEP_ENTER.equals(step)) {
            // input mappings are evaluated again; locals written by the failed attempt are simply overwritten
            agenda.addLast(() -> enter(instance));
        } else if (STEP_LEAVE.equals(step)) {
            agenda.addLast(() -> leave(instance));
        }
    }

}
