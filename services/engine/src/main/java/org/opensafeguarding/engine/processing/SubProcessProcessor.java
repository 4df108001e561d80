package org.opensafeguarding.engine.processing;

import io.camunda.zeebe.model.bpmn.instance.FlowNode;
import io.camunda.zeebe.model.bpmn.instance.SubProcess;
import org.opensafeguarding.engine.state.ElementInstanceRecord;

/** Embedded subprocesses: their event subprocesses open, then their none start event is activated. */
final class SubProcessProcessor implements ElementProcessor {

    private final ProcessExecutor executor;
    private final EventWaits waits;

    SubProcessProcessor(ProcessExecutor executor) {
        this.executor = executor;
        this.waits = executor.waits();
    }

    @Override
    public void onEnter(ElementInstanceRecord instance, FlowNode node) {
        waits.openBoundaryEvents(instance, node);
        SubProcess subProcess = (SubProcess) node;
        executor.eventSubProcesses().open(instance, subProcess.getFlowElements());
        executor.activate(instance, executor.model(instance.processDefinitionKey)
                .noneStartEvent(subProcess.getFlowElements()), null);
    }
}
