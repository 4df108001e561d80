package org.opensafeguarding.engine.processing;

import io.camunda.zeebe.model.bpmn.instance.SequenceFlow;
import java.util.Map;
import org.opensafeguarding.engine.feel.ExpressionException;
import org.opensafeguarding.engine.feel.FeelExpressions;

/** Sequence flow conditions, as the exclusive and inclusive gateways evaluate them. */
final class FlowConditions {

    private final FeelExpressions feel;

    FlowConditions(ProcessExecutor executor) {
        this.feel = executor.feel();
    }

    /** The flow's condition is true; null counts as false, any other non-boolean is a CONDITION_ERROR. */
    boolean conditionHolds(SequenceFlow flow, Map<String, Object> context) {
        Object result = feel.evaluate(flow.getConditionExpression().getTextContent(), context, "CONDITION_ERROR");
        if (result != null && !(result instanceof Boolean)) {
            throw new ExpressionException("CONDITION_ERROR", "Expected condition of sequence flow '"
                    + flow.getId() + "' to be a boolean, but was " + result);
        }
        return Boolean.TRUE.equals(result);
    }
}
