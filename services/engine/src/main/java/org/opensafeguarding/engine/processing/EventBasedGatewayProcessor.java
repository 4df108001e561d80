package org.opensafeguarding.engine.processing;

import io.camunda.zeebe.model.bpmn.instance.EventBasedGateway;
import io.camunda.zeebe.model.bpmn.instance.FlowNode;
import io.camunda.zeebe.model.bpmn.instance.IntermediateCatchEvent;
import io.camunda.zeebe.model.bpmn.instance.SequenceFlow;
import org.opensafeguarding.engine.model.ProcessModel;
import org.opensafeguarding.engine.state.ElementInstanceRecord;
import org.opensafeguarding.engine.state.ElementInstanceState;

/** Event-based gateway: waits on the events after it; the executor moves the token to the first that happens. */
final class EventBasedGatewayProcessor implements ElementProcessor {

    private final ProcessExecutor executor;
    private final EventWaits waits;

    EventBasedGatewayProcessor(ProcessExecutor executor) {
        this.executor = executor;
        this.waits = executor.waits();
    }

    @Override
    public void onEnter(ElementInstanceRecord instance, FlowNode node) {
        enterEventBasedGateway(instance, (EventBasedGateway) node);
    }

    /** Waits on every event after the gateway at once; the first to happen wins (see EventTriggers). */
    private void enterEventBasedGateway(ElementInstanceRecord instance, EventBasedGateway gateway) {
        executor.closeWaits(instance);
        for (SequenceFlow flow : gateway.getOutgoing()) {
            IntermediateCatchEvent event = (IntermediateCatchEvent) flow.getTarget();
            waits.open(instance, event.getId(), ProcessModel.eventDefinition(event));
            if (instance.state != ElementInstanceState.ACTIVE) {
                return;
            }
        }
    }
}
