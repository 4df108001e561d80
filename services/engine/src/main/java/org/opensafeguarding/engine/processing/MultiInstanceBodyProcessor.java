package org.opensafeguarding.engine.processing;

import io.camunda.zeebe.model.bpmn.instance.Activity;
import io.camunda.zeebe.model.bpmn.instance.FlowNode;
import io.camunda.zeebe.model.bpmn.instance.MultiInstanceLoopCharacteristics;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeLoopCharacteristics;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.opensafeguarding.engine.feel.ExpressionException;
import org.opensafeguarding.engine.feel.FeelExpressions;
import org.opensafeguarding.engine.state.ElementInstanceRecord;
import org.opensafeguarding.engine.state.ElementInstanceState;
import org.opensafeguarding.engine.state.EngineState;

/** The body of a multi-instance activity: starts the inner instances, collects their outputs, completes. */
final class MultiInstanceBodyProcessor implements ElementProcessor {

    private final ProcessExecutor executor;
    private final EngineState state;
    private final FeelExpressions feel;
    private final VariableScopes variables;
    private final Incidents incidents;
    private final EventWaits waits;

    MultiInstanceBodyProcessor(ProcessExecutor executor) {
        this.executor = executor;
        this.state = executor.state();
        this.feel = executor.feel();
        this.variables = executor.variables();
        this.incidents = executor.incidents();
        this.waits = executor.waits();
    }

    @Override
    public void onEnter(ElementInstanceRecord instance, FlowNode node) {
        enterMultiInstanceBody(instance, (Activity) node);
    }

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
        waits.openBoundaryEvents(body, activity);
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
        ElementInstanceRecord inner = executor.newElementInstance(body, activity, ElementTypes.of(activity));
        inner.loopCounter = index + 1;
        state.put(inner);
        Map<String, Object> locals = new HashMap<>();
        locals.put("loopCounter", index + 1);
        if (loop.getInputElement() != null && !loop.getInputElement().isBlank()) {
            locals.put(loop.getInputElement(), body.miItems.get(index));
        }
        variables.setAllLocal(inner.key, locals);
        executor.schedule(() -> executor.enter(inner));
    }

    void collectOutputElement(ElementInstanceRecord inner, Activity activity) {
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

    void innerInstanceCompleted(ElementInstanceRecord body, ElementInstanceRecord inner) {
        if (body.state != ElementInstanceState.ACTIVE) {
            return;
        }
        Activity activity = (Activity) executor.model(body.processDefinitionKey).node(body.elementId);
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
                incidents.raiseIncident(body, e.errorType(), e.getMessage(), null, null);
                return;
            }
            if (Boolean.TRUE.equals(done)) {
                // the remaining instances are terminated (or, sequentially, never started)
                for (ElementInstanceRecord child : state.children(body.key)) {
                    executor.terminate(child);
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
        executor.leave(body);
    }
}
