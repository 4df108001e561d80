package org.opensafeguarding.engine.processing;

import io.camunda.zeebe.model.bpmn.instance.EventBasedGateway;
import io.camunda.zeebe.model.bpmn.instance.EventDefinition;
import io.camunda.zeebe.model.bpmn.instance.FlowNode;
import io.camunda.zeebe.model.bpmn.instance.IntermediateCatchEvent;
import io.camunda.zeebe.model.bpmn.instance.MessageEventDefinition;
import io.camunda.zeebe.model.bpmn.instance.SequenceFlow;
import io.camunda.zeebe.model.bpmn.instance.TimerEventDefinition;
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

    /** Waits on every event after the gateway at once; the first to happen wins (see triggerEventBasedGateway). */
    private void enterEventBasedGateway(ElementInstanceRecord instance, EventBasedGateway gateway) {
        executor.closeWaits(instance);
        for (SequenceFlow flow : gateway.getOutgoing()) {
            IntermediateCatchEvent event = (IntermediateCatchEvent) flow.getTarget();
            EventDefinition definition = ProcessModel.eventDefinition(event);
            if (definition instanceof TimerEventDefinition timer) {
                waits.createTimer(instance, event.getId(), timer);
            } else if (definition instanceof MessageEventDefinition message) {
                waits.openMessageSubscription(instance, event.getId(), message.getMessage());
            }
            if (instance.state != ElementInstanceState.ACTIVE) {
                return;
            }
        }
    }
}
