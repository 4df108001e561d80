package org.opensafeguarding.engine.processing;

import io.camunda.zeebe.model.bpmn.instance.ExclusiveGateway;
import io.camunda.zeebe.model.bpmn.instance.FlowNode;
import io.camunda.zeebe.model.bpmn.instance.SequenceFlow;
import java.util.List;
import java.util.Map;
import org.opensafeguarding.engine.feel.ExpressionException;
import org.opensafeguarding.engine.state.ElementInstanceRecord;

/** Exclusive gateway: completes at once and takes the first flow whose condition holds, else the default. */
final class ExclusiveGatewayProcessor implements ElementProcessor {

    private final ProcessExecutor executor;
    private final VariableScopes variables;
    private final FlowConditions conditions;

    ExclusiveGatewayProcessor(ProcessExecutor executor) {
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
        return List.of(chooseExclusiveFlow(instance, (ExclusiveGateway) node));
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
            if (conditions.conditionHolds(flow, context)) {
                return flow;
            }
        }
        if (gateway.getDefault() != null) {
            return gateway.getDefault();
        }
        throw new ExpressionException("CONDITION_ERROR", "Expected at least one condition to evaluate to true, "
                + "or to have a default flow at exclusive gateway '" + gateway.getId() + "'");
    }
}
