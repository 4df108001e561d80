package org.opensafeguarding.engine.processing;

import io.camunda.zeebe.model.bpmn.instance.FlowNode;
import io.camunda.zeebe.model.bpmn.instance.InclusiveGateway;
import io.camunda.zeebe.model.bpmn.instance.SequenceFlow;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.opensafeguarding.engine.feel.ExpressionException;
import org.opensafeguarding.engine.state.ElementInstanceRecord;

/** Inclusive gateway: completes at once and takes every flow whose condition holds (joins: {@link GatewayJoins}). */
final class InclusiveGatewayProcessor implements ElementProcessor {

    private final ProcessExecutor executor;
    private final VariableScopes variables;
    private final FlowConditions conditions;

    InclusiveGatewayProcessor(ProcessExecutor executor) {
        this.executor = executor;
        this.variables = executor.variables();
        this.conditions = executor.conditions();
    }

    @Override
    public void onEnter(ElementInstanceRecord instance, FlowNode node) {
        executor.leave(instance);
    }

    @Override
    public List<SequenceFlow> takenFlows(ElementInstanceRecord instance, FlowNode node) {
        return chooseInclusiveFlows(instance, (InclusiveGateway) node);
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
            if (conditions.conditionHolds(flow, context)) {
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
}
