package org.opensafeguarding.engine.model;

import io.camunda.zeebe.model.bpmn.instance.Activity;
import io.camunda.zeebe.model.bpmn.instance.CatchEvent;
import io.camunda.zeebe.model.bpmn.instance.FlowElement;
import io.camunda.zeebe.model.bpmn.instance.FlowNode;
import io.camunda.zeebe.model.bpmn.instance.MessageEventDefinition;
import io.camunda.zeebe.model.bpmn.instance.MultiInstanceLoopCharacteristics;
import io.camunda.zeebe.model.bpmn.instance.SequenceFlow;
import io.camunda.zeebe.model.bpmn.instance.StartEvent;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeInput;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeIoMapping;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeLoopCharacteristics;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeOutput;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeSubscription;
import org.camunda.feel.api.FeelEngineApi;
import org.camunda.feel.api.FeelEngineBuilder;
import org.camunda.feel.api.ParseResult;

/**
 * Deployment-time expression rules, as Camunda applies them: attributes that must be expressions (conditions,
 * correlation keys, output sources, multi-instance collections) reject static values, and every expression must
 * parse, so a typo is reported at deployment and not as an incident later.
 */
final class ExpressionRules {

    private static final FeelEngineApi FEEL = FeelEngineBuilder.forJava().build();

    private ExpressionRules() {
    }

    static String problem(FlowElement element) {
        if (element instanceof SequenceFlow flow && flow.getConditionExpression() != null) {
            return required("condition", flow.getConditionExpression().getTextContent());
        }
        if (!(element instanceof FlowNode node)) {
            return null;
        }
        ZeebeIoMapping mapping = node.getSingleExtensionElement(ZeebeIoMapping.class);
        if (mapping != null) {
            for (ZeebeInput input : mapping.getInputs()) {
                String problem = optional("input mapping '" + input.getTarget() + "'", input.getSource());
                if (problem != null) {
                    return problem;
                }
            }
            for (ZeebeOutput output : mapping.getOutputs()) {
                String problem = required("output mapping '" + output.getTarget() + "'", output.getSource());
                if (problem != null) {
                    return problem;
                }
            }
        }
        boolean eventSubProcessStart = node instanceof StartEvent
                && node.getParentElement() instanceof io.camunda.zeebe.model.bpmn.instance.SubProcess parent
                && parent.triggeredByEvent();
        if (node instanceof io.camunda.zeebe.model.bpmn.instance.ScriptTask) {
            io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeScript script =
                    node.getSingleExtensionElement(io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeScript.class);
            if (script != null && script.getExpression() != null) {
                String problem = required("script expression", script.getExpression());
                if (problem != null) {
                    return problem;
                }
            }
        }
        if (node instanceof io.camunda.zeebe.model.bpmn.instance.ReceiveTask receive && receive.getMessage() != null) {
            ZeebeSubscription subscription = receive.getMessage().getSingleExtensionElement(ZeebeSubscription.class);
            if (subscription != null && subscription.getCorrelationKey() != null) {
                String problem = required("correlation key", subscription.getCorrelationKey());
                if (problem != null) {
                    return problem;
                }
            }
        }
        if (node instanceof CatchEvent event && (!(node instanceof StartEvent) || eventSubProcessStart)
                && ProcessModel.eventDefinition(event) instanceof MessageEventDefinition message
                && message.getMessage() != null) {
            ZeebeSubscription subscription = message.getMessage().getSingleExtensionElement(ZeebeSubscription.class);
            if (subscription != null && subscription.getCorrelationKey() != null) {
                String problem = required("correlation key", subscription.getCorrelationKey());
                if (problem != null) {
                    return problem;
                }
            }
        }
        if (node instanceof Activity activity
                && activity.getLoopCharacteristics() instanceof MultiInstanceLoopCharacteristics loop) {
            ZeebeLoopCharacteristics zeebe = loop.getSingleExtensionElement(ZeebeLoopCharacteristics.class);
            if (zeebe != null) {
                String problem = required("inputCollection", zeebe.getInputCollection());
                if (problem == null && loop.getCompletionCondition() != null
                        && loop.getCompletionCondition().getTextContent() != null
                        && !loop.getCompletionCondition().getTextContent().isBlank()) {
                    problem = required("completionCondition", loop.getCompletionCondition().getTextContent());
                }
                if (problem == null && zeebe.getOutputElement() != null && !zeebe.getOutputElement().isBlank()) {
                    problem = required("outputElement", zeebe.getOutputElement());
                }
                return problem;
            }
        }
        return null;
    }

    private static String required(String what, String value) {
        if (value == null || !value.trim().startsWith("=")) {
            return what + ": expected an expression but found static value '" + value
                    + "'. An expression must start with '=' (e.g. '=" + value + "')";
        }
        return parses(what, value);
    }

    private static String optional(String what, String value) {
        return value != null && value.trim().startsWith("=") ? parses(what, value) : null;
    }

    private static String parses(String what, String value) {
        ParseResult result = FEEL.parseExpression(value.trim().substring(1));
        return result.isSuccess() ? null : what + ": failed to parse expression '" + value + "': "
                + result.failure().message();
    }
}
