package org.opensafeguarding.engine.processing;

import io.camunda.zeebe.model.bpmn.instance.FlowNode;
import org.opensafeguarding.engine.state.ElementInstanceRecord;

/**
 * Elements with no work of their own, which complete as soon as they are entered: start and boundary events
 * (their trigger already happened), parallel gateways (joins are the executor's), manual and undefined tasks.
 */
final class PassThroughProcessor implements ElementProcessor {

    private final ProcessExecutor executor;

    PassThroughProcessor(ProcessExecutor executor) {
        this.executor = executor;
    }

    @Override
    public void onEnter(ElementInstanceRecord instance, FlowNode node) {
        executor.leave(instance);
    }
}
