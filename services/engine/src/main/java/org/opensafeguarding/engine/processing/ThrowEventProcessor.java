package org.opensafeguarding.engine.processing;

import io.camunda.zeebe.model.bpmn.instance.FlowNode;
import io.camunda.zeebe.model.bpmn.instance.MessageEventDefinition;
import org.opensafeguarding.engine.model.ProcessModel;
import org.opensafeguarding.engine.state.ElementInstanceRecord;

/** Intermediate throw events: a message throw event is a job; any other completes at once. */
final class ThrowEventProcessor implements ElementProcessor {

    private final ProcessExecutor executor;
    private final JobBehavior jobs;

    ThrowEventProcessor(ProcessExecutor executor) {
        this.executor = executor;
        this.jobs = executor.jobs();
    }

    @Override
    public void onEnter(ElementInstanceRecord instance, FlowNode node) {
        if (ProcessModel.eventDefinition(node) instanceof MessageEventDefinition) {
            jobs.createJob(instance, node);
        } else {
            executor.leave(instance);
        }
    }
}
