package org.opensafeguarding.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.camunda.client.api.command.ProblemException;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.api.search.enums.IncidentState;
import io.camunda.client.api.search.enums.JobKind;
import io.camunda.client.api.search.enums.ListenerEventType;
import io.camunda.client.api.search.enums.ProcessInstanceState;
import io.camunda.client.api.search.enums.UserTaskState;
import io.camunda.client.api.search.response.UserTask;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Camunda 8.8 user task listeners: each lifecycle event runs the task's listeners as TASK_LISTENER jobs, and the
 * change takes effect only once they have completed. Jobs are activated and completed over REST here and over gRPC
 * in {@link UserTaskListenerOverGrpcTest}; user task commands are REST-only in the 8.8 client.
 */
class UserTaskListenerTest extends EngineTestSupport {

    /** A one-task process whose task has a listener of this job type for every event. */
    private static BpmnModelInstance listened(String id, String type, String assignee) {
        return Bpmn.createExecutableProcess(id).startEvent()
                .userTask("review", u -> {
                    u.name("Review").zeebeUserTask().zeebeCandidateGroups("triage").zeebeTaskPriority("60")
                            .zeebeTaskListener(l -> l.creating().type(type).retries("2"))
                            .zeebeTaskListener(l -> l.assigning().type(type))
                            .zeebeTaskListener(l -> l.updating().type(type))
                            .zeebeTaskListener(l -> l.completing().type(type))
                            .zeebeTaskListener(l -> l.canceling().type(type));
                    if (assignee != null) {
                        u.zeebeAssignee(assignee);
                    }
                })
                .endEvent().done();
    }

    private static ActivatedJob activateOne(String type) {
        List<ActivatedJob> jobs = client.newActivateJobsCommand().jobType(type).maxJobsToActivate(5)
                .timeout(Duration.ofMinutes(5)).requestTimeout(Duration.ofSeconds(10)).send().join().getJobs();
        assertThat(jobs).hasSize(1);
        return jobs.get(0);
    }

    private static List<ActivatedJob> activateNow(String type) {
        return client.newActivateJobsCommand().jobType(type).maxJobsToActivate(5)
                .timeout(Duration.ofMinutes(5)).requestTimeout(Duration.ofMillis(-1)).send().join().getJobs();
    }

    private static UserTask taskOf(long processInstanceKey) {
        return client.newUserTaskSearchRequest().filter(f -> f.processInstanceKey(processInstanceKey))
                .send().join().items().get(0);
    }

    private static void complete(ActivatedJob job) {
        client.newCompleteCommand(job.getKey()).send().join();
    }

    @Test
    void creatingListenerJobCarriesTheTaskAndTheTaskIsCreatedWhenItCompletes() {
        String id = uniqueId("listen-create");
        deploy(listened(id, id, null), id);
        long instance = start(id, Map.of("caseId", "C-1")).getProcessInstanceKey();

        ActivatedJob job = activateOne(id);
        UserTask task = taskOf(instance);
        assertThat(task.getState()).isEqualTo(UserTaskState.CREATING);
        assertThat(job.getKind()).isEqualTo(JobKind.TASK_LISTENER);
        assertThat(job.getListenerEventType()).isEqualTo(ListenerEventType.CREATING);
        assertThat(job.getRetries()).isEqualTo(2);
        assertThat(job.getElementId()).isEqualTo("review");
        assertThat(job.getProcessInstanceKey()).isEqualTo(instance);
        assertThat(job.getVariablesAsMap()).containsEntry("caseId", "C-1");
        assertThat(job.getUserTask()).isNotNull();
        assertThat(job.getUserTask().getUserTaskKey()).isEqualTo(task.getUserTaskKey());
        assertThat(job.getUserTask().getCandidateGroups()).containsExactly("triage");
        assertThat(job.getUserTask().getPriority()).isEqualTo(60);
        assertThatThrownBy(() -> client.newAssignUserTaskCommand(task.getUserTaskKey()).assignee("amy").send()
                .join()).isInstanceOf(ProblemException.class);

        complete(job);
        assertThat(taskOf(instance).getState()).isEqualTo(UserTaskState.CREATED);
        assertThat(activateNow(id)).isEmpty();
    }

    @Test
    void assignmentTakesEffectWhenTheAssigningListenerCompletesAndTheCommandWaitsForIt() throws Exception {
        String id = uniqueId("listen-assign");
        deploy(listened(id, id, null), id);
        long instance = start(id, Map.of()).getProcessInstanceKey();
        complete(activateOne(id));
        long taskKey = taskOf(instance).getUserTaskKey();

        CompletableFuture<?> assign = client.newAssignUserTaskCommand(taskKey).assignee("carol").send()
                .toCompletableFuture();
        ActivatedJob job = activateOne(id);
        assertThat(job.getListenerEventType()).isEqualTo(ListenerEventType.ASSIGNING);
        assertThat(job.getUserTask().getAssignee()).isEqualTo("carol");
        assertThat(job.getUserTask().getAction()).isEqualTo("assign");
        assertThat(taskOf(instance).getState()).isEqualTo(UserTaskState.ASSIGNING);
        assertThat(taskOf(instance).getAssignee()).isNull();
        assertThat(assign).isNotDone();

        complete(job);
        assign.get(10, TimeUnit.SECONDS);
        UserTask task = taskOf(instance);
        assertThat(task.getState()).isEqualTo(UserTaskState.CREATED);
        assertThat(task.getAssignee()).isEqualTo("carol");
    }

    @Test
    void theModelsAssigneeIsAssignedThroughTheAssigningListenersAfterCreation() {
        String id = uniqueId("listen-initial");
        deploy(listened(id, id, "bob"), id);
        long instance = start(id, Map.of()).getProcessInstanceKey();

        ActivatedJob creating = activateOne(id);
        assertThat(creating.getListenerEventType()).isEqualTo(ListenerEventType.CREATING);
        assertThat(creating.getUserTask().getAssignee()).isNull();
        complete(creating);
        ActivatedJob assigning = activateOne(id);
        assertThat(assigning.getListenerEventType()).isEqualTo(ListenerEventType.ASSIGNING);
        assertThat(assigning.getUserTask().getAssignee()).isEqualTo("bob");
        // a listener may correct what the change sets
        client.newCompleteCommand(assigning.getKey()).withResult(r -> r.forUserTask().correctAssignee("dave"))
                .send().join();
        assertThat(taskOf(instance).getAssignee()).isEqualTo("dave");
    }

    @Test
    void aDeniedCompletionIsRefusedAndLeavesTheTaskOpenAndAnApprovedOneEndsIt() throws Exception {
        String id = uniqueId("listen-complete");
        deploy(listened(id, id, null), id);
        long instance = start(id, Map.of()).getProcessInstanceKey();
        complete(activateOne(id));
        long taskKey = taskOf(instance).getUserTaskKey();

        CompletableFuture<?> first = client.newCompleteUserTaskCommand(taskKey).variables(Map.of("decision", "no"))
                .send().toCompletableFuture();
        ActivatedJob denying = activateOne(id);
        assertThat(denying.getListenerEventType()).isEqualTo(ListenerEventType.COMPLETING);
        assertThat(denying.getUserTask().getAction()).isEqualTo("complete");
        assertThat(taskOf(instance).getState()).isEqualTo(UserTaskState.COMPLETING);
        client.newCompleteCommand(denying.getKey()).withResult(r -> r.forUserTask().deny(true, "not yet"))
                .send().join();
        assertThatThrownBy(() -> first.get(10, TimeUnit.SECONDS))
                .hasRootCauseInstanceOf(ProblemException.class)
                .rootCause().hasMessageContaining("denied").hasMessageContaining("not yet");
        assertThat(taskOf(instance).getState()).isEqualTo(UserTaskState.CREATED);

        CompletableFuture<?> second = client.newCompleteUserTaskCommand(taskKey).variables(Map.of("decision", "yes"))
                .send().toCompletableFuture();
        complete(activateOne(id));
        second.get(10, TimeUnit.SECONDS);
        assertThat(taskOf(instance).getState()).isEqualTo(UserTaskState.COMPLETED);
        assertThat(client.newProcessInstanceSearchRequest().filter(f -> f.processInstanceKey(instance)).send().join()
                .items().get(0).getState()).isEqualTo(ProcessInstanceState.COMPLETED);
        assertThat(client.newVariableSearchRequest().filter(f -> f.processInstanceKey(instance).name("decision"))
                .send().join().items().get(0).getValue()).isEqualTo("\"yes\"");
    }

    @Test
    void updateTakesEffectWhenTheUpdatingListenerCompletes() throws Exception {
        String id = uniqueId("listen-update");
        deploy(listened(id, id, null), id);
        long instance = start(id, Map.of()).getProcessInstanceKey();
        complete(activateOne(id));
        long taskKey = taskOf(instance).getUserTaskKey();

        CompletableFuture<?> update = client.newUpdateUserTaskCommand(taskKey).priority(90).send()
                .toCompletableFuture();
        ActivatedJob job = activateOne(id);
        assertThat(job.getListenerEventType()).isEqualTo(ListenerEventType.UPDATING);
        assertThat(job.getUserTask().getPriority()).isEqualTo(90);
        assertThat(job.getUserTask().getChangedAttributes()).containsExactly("priority");
        assertThat(taskOf(instance).getPriority()).isEqualTo(60);
        complete(job);
        update.get(10, TimeUnit.SECONDS);
        assertThat(taskOf(instance).getPriority()).isEqualTo(90);
    }

    @Test
    void cancelingListenersLearnOfACanceledTask() throws Exception {
        String id = uniqueId("listen-cancel");
        deploy(listened(id, id, null), id);
        long instance = start(id, Map.of()).getProcessInstanceKey();
        complete(activateOne(id));
        long taskKey = taskOf(instance).getUserTaskKey();

        client.newCancelInstanceCommand(instance).send().join();
        ActivatedJob job = activateOne(id);
        assertThat(job.getKind()).isEqualTo(JobKind.TASK_LISTENER);
        assertThat(job.getListenerEventType()).isEqualTo(ListenerEventType.CANCELING);
        assertThat(job.getUserTask().getUserTaskKey()).isEqualTo(taskKey);
        assertThat(taskOf(instance).getState()).isEqualTo(UserTaskState.CANCELED);
        assertThatThrownBy(() -> client.newCompleteCommand(job.getKey())
                .withResult(r -> r.forUserTask().deny(true)).send().join())
                .satisfies(e -> assertRejected(e, 400, io.grpc.Status.Code.INVALID_ARGUMENT, "cannot deny"));
        // the canceled instance waits in memory for its canceling listener, then moves to history
        assertThat(HistoryTest.rows("engine_history", instance)).isZero();
        complete(job);
        assertThat(activateNow(id)).isEmpty();
        assertThat(HistoryTest.rows("engine_record", instance)).isZero();
        assertThat(HistoryTest.rows("engine_history", instance)).isPositive();
        assertThat(taskOf(instance).getState()).isEqualTo(UserTaskState.CANCELED);
    }

    @Test
    void aListenerJobFailingWithNoRetriesRaisesAnIncidentAndResolvingItRunsTheListenerAgain() {
        String id = uniqueId("listen-fail");
        deploy(listened(id, id, null), id);
        long instance = start(id, Map.of()).getProcessInstanceKey();
        ActivatedJob job = activateOne(id);
        client.newFailCommand(job.getKey()).retries(0).errorMessage("mirror down").send().join();

        var incidents = client.newIncidentSearchRequest().filter(f -> f.processInstanceKey(instance)).send().join()
                .items();
        assertThat(incidents).hasSize(1);
        assertThat(incidents.get(0).getErrorType().name()).isEqualTo("JOB_NO_RETRIES");
        assertThat(incidents.get(0).getErrorMessage()).isEqualTo("mirror down");
        assertThat(incidents.get(0).getJobKey()).isEqualTo(job.getKey());
        assertThat(taskOf(instance).getState()).isEqualTo(UserTaskState.CREATING);

        client.newUpdateRetriesCommand(job.getKey()).retries(1).send().join();
        client.newResolveIncidentCommand(incidents.get(0).getIncidentKey()).send().join();
        assertThat(client.newIncidentSearchRequest().filter(f -> f.processInstanceKey(instance)).send().join()
                .items().get(0).getState()).isEqualTo(IncidentState.RESOLVED);
        ActivatedJob again = activateOne(id);
        assertThat(again.getKey()).isEqualTo(job.getKey());
        complete(again);
        assertThat(taskOf(instance).getState()).isEqualTo(UserTaskState.CREATED);
    }

    @Test
    void listenersOfOneEventRunInModelOrder() {
        String id = uniqueId("listen-order");
        deploy(Bpmn.createExecutableProcess(id).startEvent()
                .userTask("review", u -> u.zeebeUserTask()
                        .zeebeTaskListener(l -> l.creating().type(id + "-first"))
                        .zeebeTaskListener(l -> l.creating().type(id + "-second")))
                .endEvent().done(), id);
        long instance = start(id, Map.of()).getProcessInstanceKey();

        assertThat(activateNow(id + "-second")).isEmpty();
        complete(activateOne(id + "-first"));
        assertThat(taskOf(instance).getState()).isEqualTo(UserTaskState.CREATING);
        complete(activateOne(id + "-second"));
        assertThat(taskOf(instance).getState()).isEqualTo(UserTaskState.CREATED);
    }

    @Test
    void aListenerJobIsNotCompletedWithVariables() {
        String id = uniqueId("listen-variables");
        deploy(listened(id, id, null), id);
        start(id, Map.of());
        ActivatedJob job = activateOne(id);
        assertThatThrownBy(() -> client.newCompleteCommand(job.getKey()).variables(Map.of("x", 1)).send().join())
                .satisfies(e -> assertRejected(e, 400, io.grpc.Status.Code.INVALID_ARGUMENT, "without variables"));
    }

    @Test
    void aTaskListenerWithoutAJobTypeIsRejectedAtDeployment() {
        String id = uniqueId("listen-invalid");
        String xml = Bpmn.convertToString(Bpmn.createExecutableProcess(id).startEvent()
                .userTask("review", u -> u.zeebeUserTask().zeebeTaskListener(l -> l.creating().type("x")))
                .endEvent().done()).replace("type=\"x\"", "type=\"\"");
        assertThatThrownBy(() -> client.newDeployResourceCommand()
                .addResourceStringUtf8(xml, id + ".bpmn").send().join())
                .satisfies(e -> assertRejected(e, 400, io.grpc.Status.Code.INVALID_ARGUMENT, "review"));
    }
}
