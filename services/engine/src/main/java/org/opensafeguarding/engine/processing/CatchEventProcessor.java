package org.opensafeguarding.engine.processing;

import io.camunda.zeebe.model.bpmn.instance.EventDefinition;
import io.camunda.zeebe.model.bpmn.instance.FlowNode;
import io.camunda.zeebe.model.bpmn.instance.IntermediateCatchEvent;
import io.camunda.zeebe.model.bpmn.instance.MessageEventDefinition;
import io.camunda.zeebe.model.bpmn.instance.ReceiveTask;
import io.camunda.zeebe.model.bpmn.instance.TimerEventDefinition;
import org.opensafeguarding.engine.model.ProcessModel;
import org.opensafeguarding.engine.state.ElementInstanceRecord;
import org.opensafeguarding.engine.state.ElementInstanceState;

/** Intermediate catch events and receive tasks: the element waits on a timer or a message subscription. */
final class CatchEventProcessor implements ElementProcessor {

    private final EventWaits waits;

    CatchEventProcessor(ProcessExecutor executor) {
        this.waits = executor.waits();
    }

    @Override
    public void onEnter(ElementInstanceRecord instance, FlowNode node) {
        if (node instanceof ReceiveTask receiveTask) {
            waits.openBoundaryEvents(instance, node);
            if (instance.state == ElementInstanceState.ACTIVE) {
                waits.openMessageSubscription(instance, node.getId(), receiveTask.getMessage());
            }
            return;
        }
        enterCatchEvent(instance, (IntermediateCatchEvent) node);
    }

    private void enterCatchEvent(ElementInstanceRecord instance, IntermediateCatchEvent node) {
        EventDefinition definition = ProcessModel.eventDefinition(node);
        if (definition instanceof TimerEventDefinition timer) {
            waits.createTimer(instance, node.getId(), timer);
        } else if (definition instanceof MessageEventDefinition message) {
            waits.openMessageSubscription(instance, node.getId(), message.getMessage());
        } else {
            throw new IllegalStateException("unsupported intermediate catch event " + node.getId());
        }
    }
}
