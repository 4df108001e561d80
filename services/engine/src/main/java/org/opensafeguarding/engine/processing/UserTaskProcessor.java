package org.opensafeguarding.engine.processing;

import io.camunda.zeebe.model.bpmn.instance.FlowNode;
import io.camunda.zeebe.model.bpmn.instance.UserTask;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeAssignmentDefinition;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeFormDefinition;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebePriorityDefinition;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeTaskSchedule;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.opensafeguarding.engine.feel.ExpressionException;
import org.opensafeguarding.engine.feel.FeelExpressions;
import org.opensafeguarding.engine.state.ElementInstanceRecord;
import org.opensafeguarding.engine.state.EngineState;
import org.opensafeguarding.engine.state.FormRecord;
import org.opensafeguarding.engine.state.ProcessDefinitionRecord;
import org.opensafeguarding.engine.state.RecordKind;
import org.opensafeguarding.engine.state.UserTaskRecord;

/** User tasks: assignment, schedule, priority and form are evaluated into a task its listeners then create. */
final class UserTaskProcessor implements ElementProcessor {

    private final ProcessExecutor executor;
    private final EngineState state;
    private final FeelExpressions feel;
    private final VariableScopes variables;
    private final EventWaits waits;

    UserTaskProcessor(ProcessExecutor executor) {
        this.executor = executor;
        this.state = executor.state();
        this.feel = executor.feel();
        this.variables = executor.variables();
        this.waits = executor.waits();
    }

    @Override
    public void onEnter(ElementInstanceRecord instance, FlowNode node) {
        waits.openBoundaryEvents(instance, node);
        createUserTask(instance, (UserTask) node);
    }

    private void createUserTask(ElementInstanceRecord instance, UserTask node) {
        Map<String, Object> context = variables.visible(instance.key);
        UserTaskRecord task = new UserTaskRecord();
        ZeebeAssignmentDefinition assignment = node.getSingleExtensionElement(ZeebeAssignmentDefinition.class);
        if (assignment != null) {
            task.assignee = emptyToNull(feel.evaluateString(assignment.getAssignee(), context,
                    "EXTRACT_VALUE_ERROR", "assignee"));
            task.candidateGroups = stringList(assignment.getCandidateGroups(), context, "candidateGroups");
            task.candidateUsers = stringList(assignment.getCandidateUsers(), context, "candidateUsers");
        }
        ZeebeTaskSchedule schedule = node.getSingleExtensionElement(ZeebeTaskSchedule.class);
        if (schedule != null) {
            task.dueDate = emptyToNull(feel.evaluateString(schedule.getDueDate(), context, "EXTRACT_VALUE_ERROR",
                    "dueDate"));
            task.followUpDate = emptyToNull(feel.evaluateString(schedule.getFollowUpDate(), context,
                    "EXTRACT_VALUE_ERROR", "followUpDate"));
        }
        ZeebePriorityDefinition priority = node.getSingleExtensionElement(ZeebePriorityDefinition.class);
        if (priority != null && priority.getPriority() != null) {
            Object value = feel.evaluate(priority.getPriority(), context, "EXTRACT_VALUE_ERROR");
            task.priority = value instanceof Number n ? n.intValue() : Integer.parseInt(String.valueOf(value).trim());
        }
        ZeebeFormDefinition form = node.getSingleExtensionElement(ZeebeFormDefinition.class);
        if (form != null) {
            if (form.getFormId() != null && !form.getFormId().isBlank()) {
                task.formKey = latestFormKey(form.getFormId());
                if (task.formKey == null) {
                    throw new ExpressionException("FORM_NOT_FOUND", "Expected to find a form with id '"
                            + form.getFormId() + "', but no form with this id is deployed");
                }
            } else if (form.getExternalReference() != null) {
                task.externalFormReference = feel.evaluateString(form.getExternalReference(), context,
                        "EXTRACT_VALUE_ERROR", "externalReference");
            } else if (form.getFormKey() != null) {
                task.externalFormReference = form.getFormKey();
            }
        }
        task.key = state.newKey();
        task.name = node.getName();
        task.customHeaders = JobBehavior.headers(node);
        ProcessDefinitionRecord definition = state.get(RecordKind.PROCESS_DEFINITION, instance.processDefinitionKey);
        task.elementInstanceKey = instance.key;
        task.processInstanceKey = instance.processInstanceKey;
        task.processDefinitionKey = instance.processDefinitionKey;
        task.bpmnProcessId = instance.bpmnProcessId;
        task.processDefinitionVersion = definition.version;
        task.elementId = instance.elementId;
        task.creationDate = executor.now();
        task.tenantId = instance.tenantId;
        executor.taskListeners().create(task);
    }

    private Long latestFormKey(String formId) {
        FormRecord latest = state.latestForm(formId);
        return latest == null ? null : latest.key;
    }

    private List<String> stringList(String value, Map<String, Object> context, String what) {
        if (value == null || value.isBlank()) {
            return new ArrayList<>();
        }
        if (!FeelExpressions.isExpression(value)) {
            List<String> result = new ArrayList<>();
            for (String part : value.split(",")) {
                if (!part.isBlank()) {
                    result.add(part.trim());
                }
            }
            return result;
        }
        Object result = feel.evaluate(value, context, "EXTRACT_VALUE_ERROR");
        if (result instanceof Collection<?> items) {
            List<String> list = new ArrayList<>();
            items.forEach(item -> list.add(String.valueOf(item)));
            return list;
        }
        if (result instanceof String s) {
            return stringList(s, context, what);
        }
        throw new ExpressionException("EXTRACT_VALUE_ERROR", "Expected " + what + " '" + value
                + "' to be a list of strings, but was " + result);
    }

    private static String emptyToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
