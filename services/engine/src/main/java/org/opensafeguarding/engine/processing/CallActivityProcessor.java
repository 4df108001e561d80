package org.opensafeguarding.engine.processing;

import io.camunda.zeebe.model.bpmn.instance.CallActivity;
import io.camunda.zeebe.model.bpmn.instance.FlowNode;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeCalledElement;
import java.util.Map;
import org.opensafeguarding.engine.feel.ExpressionException;
import org.opensafeguarding.engine.feel.FeelExpressions;
import org.opensafeguarding.engine.state.ElementInstanceRecord;
import org.opensafeguarding.engine.state.EngineState;
import org.opensafeguarding.engine.state.ProcessDefinitionRecord;
import org.opensafeguarding.engine.state.ProcessInstanceRecord;
import org.opensafeguarding.engine.state.ProcessInstanceState;

/** Call activities: start the called process; its completion completes the activity (see the executor). */
final class CallActivityProcessor implements ElementProcessor {

    private final ProcessExecutor executor;
    private final EngineState state;
    private final FeelExpressions feel;
    private final VariableScopes variables;
    private final EventWaits waits;

    CallActivityProcessor(ProcessExecutor executor) {
        this.executor = executor;
        this.state = executor.state();
        this.feel = executor.feel();
        this.variables = executor.variables();
        this.waits = executor.waits();
    }

    @Override
    public void onEnter(ElementInstanceRecord instance, FlowNode node) {
        waits.openBoundaryEvents(instance, node);
        callProcess(instance, (CallActivity) node);
    }

    @Override
    public void onTerminate(ElementInstanceRecord instance) {
        if (instance.calledProcessInstanceKey != null) {
            ProcessInstanceRecord called = state.processInstance(instance.calledProcessInstanceKey);
            if (called != null && called.state == ProcessInstanceState.ACTIVE) {
                executor.cancelProcessInstance(called);
            }
        }
    }

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
        ProcessInstanceRecord child = executor.createProcessInstance(latest, handedDown, null,
                instance.processInstanceKey, instance.key);
        instance.calledProcessInstanceKey = child.key;
        state.put(instance);
    }
}
