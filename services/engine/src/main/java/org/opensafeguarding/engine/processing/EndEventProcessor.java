package org.opensafeguarding.engine.processing;

import io.camunda.zeebe.model.bpmn.instance.EndEvent;
import io.camunda.zeebe.model.bpmn.instance.ErrorEventDefinition;
import io.camunda.zeebe.model.bpmn.instance.EventDefinition;
import io.camunda.zeebe.model.bpmn.instance.FlowNode;
import io.camunda.zeebe.model.bpmn.instance.MessageEventDefinition;
import io.camunda.zeebe.model.bpmn.instance.TerminateEventDefinition;
import java.util.Map;
import org.opensafeguarding.engine.model.ProcessModel;
import org.opensafeguarding.engine.state.ElementInstanceRecord;
import org.opensafeguarding.engine.state.EngineState;

/** End events: none, terminate, message (a job) and error. */
final class EndEventProcessor implements ElementProcessor {

    private final ProcessExecutor executor;
    private final EngineState state;
    private final JobBehavior jobs;

    EndEventProcessor(ProcessExecutor executor) {
        this.executor = executor;
        this.state = executor.state();
        this.jobs = executor.jobs();
    }

    @Override
    public void onEnter(ElementInstanceRecord instance, FlowNode node) {
        enterEndEvent(instance, (EndEvent) node);
    }

    /** Terminate end event: everything else in its scope is terminated and the scope completes. */
    private void terminateScope(ElementInstanceRecord endEvent) {
        ElementInstanceRecord scope = state.elementInstance(endEvent.flowScopeKey);
        for (ElementInstanceRecord child : state.children(scope.key)) {
            if (child.key != endEvent.key) {
                executor.terminate(child);
            }
        }
        scope.joinArrivals.clear();
        state.put(scope);
        executor.leave(endEvent);
    }

    private void enterEndEvent(ElementInstanceRecord instance, EndEvent node) {
        EventDefinition definition = ProcessModel.eventDefinition(node);
        if (definition instanceof TerminateEventDefinition) {
            terminateScope(instance);
            return;
        }
        if (definition instanceof MessageEventDefinition) {
            jobs.createJob(instance, node);
            return;
        }
        if (definition instanceof ErrorEventDefinition error) {
            String code = error.getError() == null ? null : error.getError().getErrorCode();
            executor.errors().throwError(instance, instance.flowScopeKey, code, null, Map.of());
            return;
        }
        executor.leave(instance);
    }
}
