package org.opensafeguarding.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.camunda.client.api.command.ProblemException;
import io.camunda.client.api.response.ProcessInstanceEvent;
import io.camunda.client.api.search.enums.ProcessInstanceState;
import io.camunda.client.api.search.enums.UserTaskState;
import io.camunda.client.api.search.response.UserTask;
import io.camunda.zeebe.model.bpmn.Bpmn;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UserTaskTest extends EngineTestSupport {

    private static UserTask taskOf(long processInstanceKey) {
        return client.newUserTaskSearchRequest().filter(f -> f.processInstanceKey(processInstanceKey))
                .send().join().items().get(0);
    }

    @Test
    void userTaskCarriesItsAttributesAndCanBeAssignedUpdatedAndCompleted() {
        String id = uniqueId("user-task");
        String formId = id + "-form";
        client.newDeployResourceCommand()
                .addResourceBytes(("{\"id\":\"" + formId + "\",\"components\":[],\"type\":\"default\"}")
                        .getBytes(StandardCharsets.UTF_8), id + ".form")
                .send().join();
        deploy(Bpmn.createExecutableProcess(id).startEvent()
                .userTask("review", u -> u.name("Review referral").zeebeUserTask()
                        .zeebeAssigneeExpression("owner").zeebeCandidateGroups("triage, duty")
                        .zeebeCandidateUsers("amy").zeebeDueDate("2030-01-01T10:00:00Z")
                        .zeebeFollowUpDate("2029-12-01T10:00:00Z").zeebeTaskPriority("70").zeebeFormId(formId))
                .endEvent().done(), id);
        ProcessInstanceEvent instance = start(id, Map.of("owner", "bob"));
        long key = instance.getProcessInstanceKey();

        UserTask task = taskOf(key);
        assertThat(task.getName()).isEqualTo("Review referral");
        assertThat(task.getAssignee()).isEqualTo("bob");
        assertThat(task.getCandidateGroups()).containsExactly("triage", "duty");
        assertThat(task.getCandidateUsers()).containsExactly("amy");
        assertThat(task.getDueDate().getYear()).isEqualTo(2030);
        assertThat(task.getFollowUpDate().getYear()).isEqualTo(2029);
        assertThat(task.getPriority()).isEqualTo(70);
        assertThat(task.getFormKey()).isNotNull();
        assertThat(task.getState()).isEqualTo(UserTaskState.CREATED);
        var form = client.newUserTaskGetFormRequest(task.getUserTaskKey()).send().join();
        assertThat(form.getFormId()).isEqualTo(formId);
        assertThat(String.valueOf(form.getSchema())).contains(formId);

        assertThat(client.newUserTaskSearchRequest().filter(f -> f.candidateGroup("duty").processInstanceKey(key))
                .send().join().items()).hasSize(1);

        client.newAssignUserTaskCommand(task.getUserTaskKey()).assignee("carol").send().join();
        assertThat(taskOf(key).getAssignee()).isEqualTo("carol");
        client.newUnassignUserTaskCommand(task.getUserTaskKey()).send().join();
        assertThat(taskOf(key).getAssignee()).isNull();
        client.newUpdateUserTaskCommand(task.getUserTaskKey()).priority(90).candidateGroups("duty").send().join();
        assertThat(taskOf(key).getPriority()).isEqualTo(90);
        assertThat(taskOf(key).getCandidateGroups()).containsExactly("duty");

        client.newCompleteUserTaskCommand(task.getUserTaskKey()).variables(Map.of("decision", "accept"))
                .send().join();
        assertThat(taskOf(key).getState()).isEqualTo(UserTaskState.COMPLETED);
        assertThat(client.newProcessInstanceSearchRequest().filter(f -> f.processInstanceKey(key)).send().join()
                .items().get(0).getState()).isEqualTo(ProcessInstanceState.COMPLETED);
    }

    @Test
    void userTasksAndProcessInstancesCanBeFoundByVariableValue() {
        String id = uniqueId("user-task-variables");
        deploy(Bpmn.createExecutableProcess(id).startEvent()
                .userTask("review", u -> u.zeebeUserTask().zeebeInputExpression("\"local-\" + caseId", "note"))
                .endEvent().done(), id);
        long wanted = start(id, Map.of("caseId", "C-7")).getProcessInstanceKey();
        start(id, Map.of("caseId", "C-8"));

        var byProcessVariable = client.newUserTaskSearchRequest()
                .filter(f -> f.processInstanceVariables(Map.of("caseId", "\"C-7\""))).send().join().items();
        assertThat(byProcessVariable).extracting(UserTask::getProcessInstanceKey).containsExactly(wanted);
        var byLocalVariable = client.newUserTaskSearchRequest()
                .filter(f -> f.localVariables(Map.of("note", "\"local-C-7\""))).send().join().items();
        assertThat(byLocalVariable).extracting(UserTask::getProcessInstanceKey).containsExactly(wanted);
        var instances = client.newProcessInstanceSearchRequest()
                .filter(f -> f.variables(Map.of("caseId", "\"C-7\""))).send().join().items();
        assertThat(instances).extracting(i -> i.getProcessInstanceKey()).containsExactly(wanted);
    }

    @Test
    void assigningWithoutOverrideToAnAlreadyAssignedTaskIsAConflict() {
        String id = uniqueId("user-task-override");
        deploy(Bpmn.createExecutableProcess(id).startEvent()
                .userTask("review", u -> u.zeebeUserTask().zeebeAssignee("bob")).endEvent().done(), id);
        UserTask task = taskOf(start(id, Map.of()).getProcessInstanceKey());
        assertThatThrownBy(() -> client.newAssignUserTaskCommand(task.getUserTaskKey()).assignee("carol")
                .allowOverride(false).send().join())
                .isInstanceOf(ProblemException.class)
                .satisfies(e -> assertThat(((ProblemException) e).code()).isEqualTo(409));
    }

    @Test
    void userTaskWithUndeployedFormRaisesIncident() {
        String id = uniqueId("user-task-no-form");
        deploy(Bpmn.createExecutableProcess(id).startEvent()
                .userTask("review", u -> u.zeebeUserTask().zeebeFormId("never-deployed")).endEvent().done(), id);
        long key = start(id, Map.of()).getProcessInstanceKey();
        var incidents = client.newIncidentSearchRequest().filter(f -> f.processInstanceKey(key)).send().join()
                .items();
        assertThat(incidents).hasSize(1);
        assertThat(incidents.get(0).getErrorType().name()).isEqualTo("FORM_NOT_FOUND");
    }
}
