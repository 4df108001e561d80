package org.opensafeguarding.engine.processing;

import io.camunda.zeebe.model.bpmn.instance.FlowNode;
import io.camunda.zeebe.model.bpmn.instance.InclusiveGateway;
import io.camunda.zeebe.model.bpmn.instance.ParallelGateway;
import io.camunda.zeebe.model.bpmn.instance.SequenceFlow;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.opensafeguarding.engine.model.ProcessModel;
import org.opensafeguarding.engine.state.ElementInstanceRecord;
import org.opensafeguarding.engine.state.ElementInstanceState;
import org.opensafeguarding.engine.state.ElementType;
import org.opensafeguarding.engine.state.EngineState;

/**
 * Parallel and inclusive gateways with more than one incoming flow. A token that reaches one waits in its scope's
 * join arrivals (counted per incoming flow, so a flow taken twice holds two tokens) until the gateway fires.
 */
final class GatewayJoins {

    private final ProcessExecutor executor;
    private final EngineState state;

    GatewayJoins(ProcessExecutor executor) {
        this.executor = executor;
        this.state = executor.state();
    }

    /** True if the flow ends at a join, which now holds the token (and fires once every flow it waits for came). */
    boolean arrive(ElementInstanceRecord scope, SequenceFlow flow) {
        FlowNode target = flow.getTarget();
        if (target instanceof InclusiveGateway && target.getIncoming().size() > 1) {
            scope.joinArrivals.merge(flow.getId(), 1, Integer::sum);
            state.put(scope);
            // checked once the step that took the flow has taken all its flows and created its elements
            executor.schedule(() -> checkInclusive(scope));
            return true;
        }
        if (target instanceof ParallelGateway && target.getIncoming().size() > 1) {
            scope.joinArrivals.merge(flow.getId(), 1, Integer::sum);
            boolean allArrived = target.getIncoming().stream()
                    .allMatch(in -> scope.joinArrivals.getOrDefault(in.getId(), 0) > 0);
            if (allArrived) {
                consumeOneOfEach(scope, target);
                executor.activate(scope, target, null);
            }
            state.put(scope);
            return true;
        }
        return false;
    }

    /**
     * Inclusive gateway joins of the scope fire once every incoming flow either has a token or can no longer get
     * one: no active element (and no token waiting at another join) of the scope has a path to it.
     */
    void checkInclusive(ElementInstanceRecord scope) {
        if (scope.state != ElementInstanceState.ACTIVE || scope.joinArrivals.isEmpty()) {
            return;
        }
        ProcessModel model = executor.model(scope.processDefinitionKey);
        Set<InclusiveGateway> pending = new LinkedHashSet<>();
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
            consumeOneOfEach(scope, gateway);
            state.put(scope);
            executor.activate(scope, gateway, null);
        }
    }

    /** The gateway fires: one token of each incoming flow that holds one is used up. */
    private static void consumeOneOfEach(ElementInstanceRecord scope, FlowNode gateway) {
        for (SequenceFlow in : gateway.getIncoming()) {
            if (scope.joinArrivals.getOrDefault(in.getId(), 0) > 0) {
                scope.joinArrivals.merge(in.getId(), -1, Integer::sum);
                scope.joinArrivals.remove(in.getId(), 0);
            }
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
}
