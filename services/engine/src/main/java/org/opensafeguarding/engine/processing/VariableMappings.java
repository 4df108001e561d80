package org.opensafeguarding.engine.processing;

import io.camunda.zeebe.model.bpmn.instance.FlowNode;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeInput;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeIoMapping;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeOutput;
import java.util.LinkedHashMap;
import java.util.Map;
import org.opensafeguarding.engine.feel.FeelExpressions;
import org.opensafeguarding.engine.state.ElementInstanceRecord;

/** Input and output mappings and the variables a job, task, message or called process hands back. */
final class VariableMappings {

    private final ProcessExecutor executor;
    private final FeelExpressions feel;
    private final VariableScopes variables;

    VariableMappings(ProcessExecutor executor) {
        this.executor = executor;
        this.feel = executor.feel();
        this.variables = executor.variables();
    }

    void applyInputMappings(ElementInstanceRecord instance, FlowNode node) {
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

    void applyOutputMappings(ElementInstanceRecord instance, FlowNode node) {
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
        FlowNode node = executor.model(instance.processDefinitionKey).node(instance.elementId);
        if (hasOutputMappings(node)) {
            variables.setAllLocal(instance.key, result);
        } else {
            variables.merge(instance.key, result);
        }
    }
}
