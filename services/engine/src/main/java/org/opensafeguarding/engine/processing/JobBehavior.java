package org.opensafeguarding.engine.processing;

import io.camunda.zeebe.model.bpmn.instance.FlowNode;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeHeader;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeTaskDefinition;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeTaskHeaders;
import java.util.LinkedHashMap;
import java.util.Map;
import org.opensafeguarding.engine.feel.FeelExpressions;
import org.opensafeguarding.engine.state.ElementInstanceRecord;
import org.opensafeguarding.engine.state.EngineState;
import org.opensafeguarding.engine.state.JobRecord;
import org.opensafeguarding.engine.state.ProcessDefinitionRecord;
import org.opensafeguarding.engine.state.RecordKind;

/** Jobs of job-worker-based elements: creation from the task definition and the job's context. */
final class JobBehavior {

    private final ProcessExecutor executor;
    private final EngineState state;
    private final FeelExpressions feel;
    private final VariableScopes variables;
    private final ExecutionListener listener;

    JobBehavior(ProcessExecutor executor) {
        this.executor = executor;
        this.state = executor.state();
        this.feel = executor.feel();
        this.variables = executor.variables();
        this.listener = executor.listener();
    }

    void createJob(ElementInstanceRecord instance, FlowNode node) {
        ZeebeTaskDefinition definition = node.getSingleExtensionElement(ZeebeTaskDefinition.class);
        Map<String, Object> context = variables.visible(instance.key);
        String type = feel.evaluateString(definition.getType(), context, "EXTRACT_VALUE_ERROR", "job type");
        String retriesText = definition.getRetries() == null ? "3" : definition.getRetries();
        Object retries = feel.evaluate(retriesText, context, "EXTRACT_VALUE_ERROR");
        JobRecord job = new JobRecord();
        job.key = state.newKey();
        job.type = type;
        job.retries = retries instanceof Number n ? n.intValue() : Integer.parseInt(String.valueOf(retries).trim());
        job.customHeaders = headers(node);
        fillJobContext(job, instance);
        state.put(job);
        listener.jobAvailable(job.type);
    }

    void fillJobContext(JobRecord job, ElementInstanceRecord instance) {
        ProcessDefinitionRecord definition = state.get(RecordKind.PROCESS_DEFINITION, instance.processDefinitionKey);
        job.elementInstanceKey = instance.key;
        job.processInstanceKey = instance.processInstanceKey;
        job.processDefinitionKey = instance.processDefinitionKey;
        job.bpmnProcessId = instance.bpmnProcessId;
        job.processDefinitionVersion = definition.version;
        job.elementId = instance.elementId;
        job.creationTime = executor.now();
        job.tenantId = instance.tenantId;
    }

    static Map<String, String> headers(FlowNode node) {
        Map<String, String> headers = new LinkedHashMap<>();
        ZeebeTaskHeaders taskHeaders = node.getSingleExtensionElement(ZeebeTaskHeaders.class);
        if (taskHeaders != null) {
            for (ZeebeHeader header : taskHeaders.getHeaders()) {
                headers.put(header.getKey(), header.getValue());
            }
        }
        return headers;
    }
}
