package org.opensafeguarding.engine.processing;

import io.camunda.zeebe.model.bpmn.instance.FlowNode;
import org.opensafeguarding.engine.state.ElementInstanceRecord;

/** Service, send and business rule tasks: a job for a worker; the element waits until the job completes. */
final class JobTaskProcessor implements ElementProcessor {

    private final JobBehavior jobs;
    private final EventWaits waits;

    JobTaskProcessor(ProcessExecutor executor) {
        this.jobs = executor.jobs();
        this.waits = executor.waits();
    }

    @Override
    public void onEnter(ElementInstanceRecord instance, FlowNode node) {
        waits.openBoundaryEvents(instance, node);
        jobs.createJob(instance, node);
    }
}
