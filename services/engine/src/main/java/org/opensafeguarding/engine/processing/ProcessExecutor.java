package org.opensafeguarding.engine.processing;

import io.camunda.zeebe.model.bpmn.instance.Activity;
import io.camunda.zeebe.model.bpmn.instance.CallActivity;
import io.camunda.zeebe.model.bpmn.instance.FlowNode;
import io.camunda.zeebe.model.bpmn.instance.MultiInstanceLoopCharacteristics;
import io.camunda.zeebe.model.bpmn.instance.SequenceFlow;
import io.camunda.zeebe.model.bpmn.instance.StartEvent;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeCalledElement;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.opensafeguarding.engine.feel.ExpressionException;
import org.opensafeguarding.engine.feel.FeelExpressions;
import org.opensafeguarding.engine.model.ProcessModel;
import org.opensafeguarding.engine.state.ElementInstanceRecord;
import org.opensafeguarding.engine.state.ElementInstanceState;
import org.opensafeguarding.engine.state.ElementType;
import org.opensafeguarding.engine.state.EngineState;
import org.opensafeguarding.engine.state.IncidentRecord;
import org.opensafeguarding.engine.state.IncidentState;
import org.opensafeguarding.engine.state.JobRecord;
import org.opensafeguarding.engine.state.JobState;
import org.opensafeguarding.engine.state.MessageSubscriptionRecord;
import org.opensafeguarding.engine.state.MessageSubscriptionState;
import org.opensafeguarding.engine.state.ProcessDefinitionRecord;
import org.opensafeguarding.engine.state.ProcessInstanceRecord;
import org.opensafeguarding.engine.state.ProcessInstanceState;
import org.opensafeguarding.engine.state.RecordKind;
import org.opensafeguarding.engine.state.TimerRecord;
import org.opensafeguarding.engine.state.UserTaskRecord;
import org.opensafeguarding.engine.state.UserTaskState;

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
    private final VariableMappings mappings;
    private final Incidents incidents;
    private final JobBehavior jobs;
    private final EventWaits waits;
    private final FlowConditions conditions;
    private final MultiInstanceBodyProcessor multiInstance;
    private final GatewayJoins joins;
    private final EventSubProcesses eventSubProcesses;
    private final EventTriggers triggers;
    private final ErrorEvents errors;
    private final Map<ElementType, ElementProcessor> processors = new EnumMap<>(ElementType.class);

    ProcessExecutor(EngineState state, FeelExpressions feel, ProcessModels models, LongSupplier clock,
                    ExecutionListener listener) {
        this.state = state;
        this.feel = feel;
        this.models = models;
        this.variables = new VariableScopes(state);
        this.clock = clock;
        this.listener = listener;
        this.taskListeners = new UserTaskListeners(this, state, feel, listener);
        // shared behaviours first: the element processors take them from here
        this.mappings = new VariableMappings(this);
        this.incidents = new Incidents(this);
        this.jobs = new JobBehavior(this);
        this.waits = new EventWaits(this);
        this.conditions = new FlowConditions(this);
        this.multiInstance = new MultiInstanceBodyProcessor(this);
        this.joins = new GatewayJoins(this);
        this.eventSubProcesses = new EventSubProcesses(this);
        this.triggers = new EventTriggers(this);
        this.errors = new ErrorEvents(this);
        registerProcessors();
    }

    private void registerProcessors() {
        ElementProcessor passThrough = new PassThroughProcessor(this);
        ElementProcessor jobTask = new JobTaskProcessor(this);
        ElementProcessor catchEvent = new CatchEventProcessor(this);
        processors.put(ElementType.MULTI_INSTANCE_BODY, multiInstance);
        processors.put(ElementType.START_EVENT, passThrough);
        processors.put(ElementType.PARALLEL_GATEWAY, passThrough);
        processors.put(ElementType.BOUNDARY_EVENT, passThrough);
        processors.put(ElementType.MANUAL_TASK, passThrough);
        processors.put(ElementType.TASK, passThrough);
        processors.put(ElementType.EXCLUSIVE_GATEWAY, new ExclusiveGatewayProcessor(this));
        processors.put(ElementType.INCLUSIVE_GATEWAY, new InclusiveGatewayProcessor(this));
        processors.put(ElementType.EVENT_BASED_GATEWAY, new EventBasedGatewayProcessor(this));
        processors.put(ElementType.END_EVENT, new EndEventProcessor(this));
        processors.put(ElementType.SERVICE_TASK, jobTask);
        processors.put(ElementType.SEND_TASK, jobTask);
        processors.put(ElementType.BUSINESS_RULE_TASK, jobTask);
        processors.put(ElementType.USER_TASK, new UserTaskProcessor(this));
        processors.put(ElementType.INTERMEDIATE_CATCH_EVENT, catchEvent);
        processors.put(ElementType.RECEIVE_TASK, catchEvent);
        processors.put(ElementType.INTERMEDIATE_THROW_EVENT, new ThrowEventProcessor(this));
        processors.put(ElementType.SUB_PROCESS, new SubProcessProcessor(this));
        processors.put(ElementType.CALL_ACTIVITY, new CallActivityProcessor(this));
        processors.put(ElementType.SCRIPT_TASK, new ScriptTaskProcessor(this));
    }

    private ElementProcessor processorOf(ElementInstanceRecord instance) {
        return processors.getOrDefault(instance.type, ElementProcessor.UNSUPPORTED);
    }

    EngineState state() {
        return state;
    }

    FeelExpressions feel() {
        return feel;
    }

    ExecutionListener listener() {
        return listener;
    }

    VariableMappings mappings() {
        return mappings;
    }

    Incidents incidents() {
        return incidents;
    }

    JobBehavior jobs() {
        return jobs;
    }

    EventWaits waits() {
        return waits;
    }

    FlowConditions conditions() {
        return conditions;
    }

    EventSubProcesses eventSubProcesses() {
        return eventSubProcesses;
    }

    EventTriggers triggers() {
        return triggers;
    }

    ErrorEvents errors() {
        return errors;
    }

    /** Queues a step to run after the current one, within the same command. */
    void schedule(Runnable step) {
        agenda.addLast(step);
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

    /** Schedules the timer start events of definitions a deployment created (replacing older versions'). */
    void deployed(List<ProcessDefinitionRecord> definitions, long deploymentKey) {
        for (ProcessDefinitionRecord definition : definitions) {
            if (definition.deploymentKey == deploymentKey) {
                TimerStartEvents.schedule(state, models, feel, now(), definition);
            }
        }
    }

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
            eventSubProcesses.open(root, model(root.processDefinitionKey).process().getFlowElements());
        } catch (ExpressionException e) {
            incidents.raiseIncident(root, e.errorType(), e.getMessage(), null, STEP_START + startNode.getId());
            return;
        }
        if (root.state == ElementInstanceState.ACTIVE) {
            activate(root, startNode, null);
        }
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

    ElementInstanceRecord newElementInstance(ElementInstanceRecord scope, FlowNode node, ElementType type) {
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
                mappings.applyInputMappings(instance, node);
            }
            processorOf(instance).onEnter(instance, node);
        } catch (ExpressionException e) {
            incidents.raiseIncident(instance, e.errorType(), e.getMessage(), null, STEP_ENTER);
        }
    }

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
                mappings.applyOutputMappings(instance, node);
            }
            if (isInnerInstance(instance)) {
                multiInstance.collectOutputElement(instance, (Activity) node);
            }
            List<SequenceFlow> chosen = processorOf(instance).takenFlows(instance, node);
            outgoing = chosen != null ? chosen
                    : isInnerInstance(instance) ? List.of() : new ArrayList<>(node.getOutgoing());
        } catch (ExpressionException e) {
            incidents.raiseIncident(instance, e.errorType(), e.getMessage(), null, STEP_LEAVE);
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
            agenda.addLast(() -> multiInstance.innerInstanceCompleted(scope, instance));
        } else {
            agenda.addLast(() -> completeScopeIfDone(scope));
        }
    }

    boolean isInnerInstance(ElementInstanceRecord instance) {
        if (instance.flowScopeKey == null || instance.type == ElementType.MULTI_INSTANCE_BODY) {
            return false;
        }
        ElementInstanceRecord scope = state.elementInstance(instance.flowScopeKey);
        return scope.type == ElementType.MULTI_INSTANCE_BODY && scope.elementId.equals(instance.elementId);
    }

    private void takeFlow(ElementInstanceRecord scope, SequenceFlow flow) {
        ProcessInstanceRecord instance = state.processInstance(scope.processInstanceKey);
        if (instance.takenSequenceFlows.add(flow.getId())) {
            state.put(instance);
        }
        if (!joins.arrive(scope, flow)) {
            activate(scope, flow.getTarget(), null);
        }
    }

    private void completeScopeIfDone(ElementInstanceRecord scope) {
        if (scope.state != ElementInstanceState.ACTIVE) {
            return;
        }
        if (!scope.joinArrivals.isEmpty()) {
            joins.checkInclusive(scope);
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
                if (propagateAll || VariableMappings.hasOutputMappings(node)) {
                    mappings.acceptResultVariables(callActivity, variables.local(root.key));
                }
                agenda.addLast(() -> leave(callActivity));
            }
        }
    }

    /** Terminates the instance and everything inside it; does not move the token on. */
    void terminate(ElementInstanceRecord instance) {
        if (instance.state != ElementInstanceState.ACTIVE) {
            return;
        }
        for (ElementInstanceRecord child : state.children(instance.key)) {
            terminate(child);
        }
        closeWaits(instance);
        processorOf(instance).onTerminate(instance);
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
    void closeWaits(ElementInstanceRecord instance) {
        List<UserTaskRecord> canceledTasks = new ArrayList<>();
        for (org.opensafeguarding.engine.state.EngineRecord wait : state.waitsOf(instance.key)) {
            if (wait instanceof JobRecord job && job.isOpen()) {
                job.state = JobState.CANCELED;
                job.endTime = now();
                state.put(job);
            } else if (wait instanceof UserTaskRecord task && isOpenUserTask(task)) {
                task.state = UserTaskState.CANCELED;
                task.completionDate = now();
                state.put(task);
                canceledTasks.add(task);
            } else if (wait instanceof TimerRecord timer) {
                waits.removeTimer(timer);
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

    /** Open: CREATED, or in a transition its listeners are running for (CREATING, ASSIGNING, ...). */
    static boolean isOpenUserTask(UserTaskRecord task) {
        return task.state != UserTaskState.COMPLETED && task.state != UserTaskState.CANCELED;
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

    // ------------------------------------------------------------------ for the commands

    void acceptResultVariables(ElementInstanceRecord instance, Map<String, Object> result) {
        mappings.acceptResultVariables(instance, result);
    }

    IncidentRecord raiseIncident(ElementInstanceRecord instance, String errorType, String message, Long jobKey,
                                 String pendingStep) {
        return incidents.raiseIncident(instance, errorType, message, jobKey, pendingStep);
    }

    void fillJobContext(JobRecord job, ElementInstanceRecord instance) {
        jobs.fillJobContext(job, instance);
    }

    void repeat(TimerRecord timer) {
        waits.repeat(timer);
    }
}
