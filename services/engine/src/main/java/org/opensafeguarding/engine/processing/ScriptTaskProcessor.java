package org.opensafeguarding.engine.processing;

import io.camunda.zeebe.model.bpmn.instance.FlowNode;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeScript;
import java.util.HashMap;
import java.util.Map;
import org.opensafeguarding.engine.feel.FeelExpressions;
import org.opensafeguarding.engine.state.ElementInstanceRecord;

/** Script tasks. */
final class ScriptTaskProcessor implements ElementProcessor {

    private final ProcessExecutor executor;
    private final FeelExpressions feel;
    private final VariableScopes variables;
    private final VariableMappings mappings;
    private final JobBehavior jobs;
    private final EventWaits waits;

    ScriptTaskProcessor(ProcessExecutor executor) {
        this.executor = executor;
        this.feel = executor.feel();
        this.variables = executor.variables();
        this.mappings = executor.mappings();
        this.jobs = executor.jobs();
        this.waits = executor.waits();
    }

    @Override
    public void onEnter(ElementInstanceRecord instance, FlowNode node) {
        runScript(instance, node);
    }

    /** A script task with zeebe:script evaluates its expression into the result variable; otherwise it is a job. */
    private void runScript(ElementInstanceRecord instance, FlowNode node) {
        ZeebeScript script = node.getSingleExtensionElement(ZeebeScript.class);
        if (script == null) {
            waits.openBoundaryEvents(instance, node);
            jobs.createJob(instance, node);
            return;
        }
        Object value = feel.evaluate(script.getExpression(), variables.visible(instance.key), "EXTRACT_VALUE_ERROR");
        Map<String, Object> result = new HashMap<>();
        result.put(script.getResultVariable().trim(), value);
        mappings.acceptResultVariables(instance, result);
        executor.leave(instance);
    }
}
