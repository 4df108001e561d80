package org.opensafeguarding.engine.processtest;

import static io.camunda.process.test.api.CamundaAssert.assertThat;
import static io.camunda.process.test.api.assertions.UserTaskSelectors.byTaskName;
import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.api.response.ProcessInstanceEvent;
import io.camunda.client.api.search.enums.IncidentState;
import io.camunda.client.api.search.response.Incident;
import io.camunda.process.test.api.CamundaProcessTestContext;
import io.camunda.process.test.api.assertions.ElementSelectors;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Process tests written only with the official {@code camunda-process-test-java} API ({@code CamundaAssert},
 * {@link CamundaProcessTestContext}). The subclasses choose the runtime: the local engine in REMOTE mode (over
 * REST or gRPC), or a real Camunda 8.8 in Testcontainers where Docker exists, so the two can be compared with
 * the same assertions.
 *
 * <p>The library injects {@link #client} and {@link #processTestContext} before each test, and after each test
 * resets the clock and purges the runtime; {@link #runtimeIsPurgedBetweenTests()} runs last to check that.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class ProcessTestSuite {

    CamundaClient client;
    CamundaProcessTestContext processTestContext;

    private ProcessInstanceEvent deployAndStart(BpmnModelInstance model, Map<String, Object> variables) {
        String processId = model.getModelElementsByType(io.camunda.zeebe.model.bpmn.instance.Process.class)
                .iterator().next().getId();
        client.newDeployResourceCommand().addProcessModel(model, processId + ".bpmn").send().join();
        return client.newCreateInstanceCommand().bpmnProcessId(processId).latestVersion().variables(variables)
                .send().join();
    }

    @Test
    void serviceTaskCompletesWithVariables() {
        BpmnModelInstance model = Bpmn.createExecutableProcess("cpt-service")
                .startEvent("start")
                .serviceTask("assess", t -> t.name("Assess referral").zeebeJobType("assess"))
                .serviceTask("record", t -> t.zeebeJobType("record"))
                .endEvent("end")
                .done();

        ProcessInstanceEvent instance = deployAndStart(model, Map.of("caseId", "case-1", "score", 3));

        assertThat(instance).isActive()
                .hasActiveElements("assess")
                .hasActiveElements(ElementSelectors.byName("Assess referral"))
                .hasCompletedElements("start")
                .hasNotActivatedElements("record", "end")
                .hasVariable("caseId", "case-1")
                .hasVariableNames("caseId", "score");

        processTestContext.completeJob("assess", Map.of("risk", "high", "details", Map.of("level", 2)));
        assertThat(instance).hasActiveElementsExactly("record")
                .hasVariables(Map.of("risk", "high", "details", Map.of("level", 2)));

        processTestContext.completeJob("record");
        assertThat(instance).isCompleted()
                .hasCompletedElementsInOrder("start", "assess", "record", "end")
                .hasCompletedElement("assess", 1)
                .hasNoActiveElements("assess", "record")
                .hasVariableNames("caseId", "score", "risk", "details");
    }

    @Test
    void jobWorkerMockCompletesJobs() {
        processTestContext.mockJobWorker("lookup").thenComplete(Map.of("found", true));
        BpmnModelInstance model = Bpmn.createExecutableProcess("cpt-mock-worker")
                .startEvent("start")
                .serviceTask("lookup", t -> t.zeebeJobType("lookup"))
                .endEvent("end")
                .done();

        ProcessInstanceEvent instance = deployAndStart(model, Map.of());

        assertThat(instance).isCompleted().hasCompletedElements("lookup").hasVariable("found", true);
    }

    @Test
    void userTaskIsAssignedAndCompleted() {
        BpmnModelInstance model = Bpmn.createExecutableProcess("cpt-user-task")
                .startEvent("start")
                .userTask("review", t -> t.name("Review case").zeebeUserTask().zeebeAssignee("alice")
                        .zeebeCandidateGroups("social-workers").zeebeTaskPriority("70"))
                .endEvent("end")
                .done();

        ProcessInstanceEvent instance = deployAndStart(model, Map.of());

        assertThat(instance).isActive().hasActiveElements("review");
        assertThat(byTaskName("Review case")).isCreated()
                .hasAssignee("alice")
                .hasElementId("review")
                .hasName("Review case")
                .hasPriority(70)
                .hasCandidateGroup("social-workers")
                .hasProcessInstanceKey(instance.getProcessInstanceKey());

        processTestContext.completeUserTask("review", Map.of("approved", true));

        assertThat(byTaskName("Review case")).isCompleted();
        assertThat(instance).isCompleted().hasCompletedElements("review", "end").hasVariable("approved", true);
    }

    @Test
    void incidentIsRaisedAndResolved() {
        BpmnModelInstance model = Bpmn.createExecutableProcess("cpt-incident")
                .startEvent("start")
                .exclusiveGateway("route")
                .sequenceFlowId("toHigh").conditionExpression("= amount > 100").endEvent("high")
                .moveToLastGateway()
                .sequenceFlowId("toLow").conditionExpression("= amount <= 100").endEvent("low")
                .done();

        ProcessInstanceEvent instance = deployAndStart(model, Map.of());

        assertThat(instance).isActive().hasActiveIncidents();

        client.newSetVariablesCommand(instance.getProcessInstanceKey()).variables(Map.of("amount", 150))
                .send().join();
        List<Incident> incidents = client.newIncidentSearchRequest()
                .filter(f -> f.processInstanceKey(instance.getProcessInstanceKey()).state(IncidentState.ACTIVE))
                .send().join().items();
        assertThat(incidents).hasSize(1);
        assertThat(incidents.get(0).getElementId()).isEqualTo("route");
        client.newResolveIncidentCommand(incidents.get(0).getIncidentKey()).send().join();

        assertThat(instance).hasNoActiveIncidents().isCompleted().hasCompletedElements("high")
                .hasNotActivatedElements("low");
    }

    @Test
    void jobWithoutRetriesRaisesAnIncident() {
        BpmnModelInstance model = Bpmn.createExecutableProcess("cpt-job-incident")
                .startEvent("start")
                .serviceTask("send", t -> t.zeebeJobType("send"))
                .endEvent("end")
                .done();

        ProcessInstanceEvent instance = deployAndStart(model, Map.of());
        ActivatedJob job = client.newActivateJobsCommand().jobType("send").maxJobsToActivate(1).send().join()
                .getJobs().get(0);
        client.newFailCommand(job).retries(0).errorMessage("mail server down").send().join();

        assertThat(instance).isActive().hasActiveIncidents();
    }

    @Test
    void messageIsCorrelated() {
        BpmnModelInstance model = Bpmn.createExecutableProcess("cpt-message")
                .startEvent("start")
                .intermediateCatchEvent("awaitDecision",
                        e -> e.message(m -> m.name("decision").zeebeCorrelationKeyExpression("caseId")))
                .endEvent("end")
                .done();

        ProcessInstanceEvent instance = deployAndStart(model, Map.of("caseId", "case-7"));

        assertThat(instance).isActive()
                .hasActiveElements("awaitDecision")
                .isWaitingForMessage("decision")
                .isWaitingForMessage("decision", "case-7")
                .isNotWaitingForMessage("decision", "case-8")
                .isNotWaitingForMessage("other");

        client.newPublishMessageCommand().messageName("decision").correlationKey("case-7")
                .variables(Map.of("outcome", "strategy-meeting")).send().join();

        // isNotWaitingForMessage(name) without a correlation key does not filter by state in 8.8.14, so a
        // correlated (state CORRELATED) subscription still counts; the two-argument form looks at CREATED only
        assertThat(instance).isCompleted()
                .isNotWaitingForMessage("decision", "case-7")
                .hasCorrelatedMessage("decision")
                .hasCorrelatedMessage("decision", "case-7")
                .hasVariable("outcome", "strategy-meeting");
    }

    @Test
    void timerFiresWhenTimeIsIncreased() {
        BpmnModelInstance model = Bpmn.createExecutableProcess("cpt-timer")
                .startEvent("start")
                .userTask("visit", t -> t.name("Home visit").zeebeUserTask())
                .boundaryEvent("overdue", b -> b.timerWithDuration("PT24H"))
                .endEvent("escalated")
                .moveToActivity("visit")
                .endEvent("visited")
                .done();

        ProcessInstanceEvent instance = deployAndStart(model, Map.of());
        assertThat(instance).isActive().hasActiveElements("visit");

        processTestContext.increaseTime(Duration.ofHours(25));

        assertThat(instance).isCompleted()
                .hasTerminatedElements("visit")
                .hasCompletedElements("overdue", "escalated")
                .hasNotActivatedElements("visited");
        assertThat(byTaskName("Home visit")).isCanceled();
    }

    @Test
    void bpmnErrorIsCaughtByBoundaryEvent() {
        BpmnModelInstance model = Bpmn.createExecutableProcess("cpt-error")
                .startEvent("start")
                .serviceTask("check", t -> t.zeebeJobType("check"))
                .boundaryEvent("notFound", b -> b.error("NOT_FOUND"))
                .endEvent("unknownChild")
                .moveToActivity("check")
                .endEvent("checked")
                .done();

        ProcessInstanceEvent instance = deployAndStart(model, Map.of());

        processTestContext.throwBpmnErrorFromJob("check", "NOT_FOUND", Map.of("reason", "no record"));

        assertThat(instance).isCompleted()
                .hasTerminatedElements("check")
                .hasCompletedElements("notFound", "unknownChild")
                .hasNotActivatedElements("checked")
                .hasVariable("reason", "no record");
    }

    @Test
    void cancelledInstanceIsTerminated() {
        BpmnModelInstance model = Bpmn.createExecutableProcess("cpt-cancel")
                .startEvent("start")
                .serviceTask("wait", t -> t.zeebeJobType("never"))
                .endEvent("end")
                .done();

        ProcessInstanceEvent instance = deployAndStart(model, Map.of());
        assertThat(instance).isActive();

        client.newCancelInstanceCommand(instance.getProcessInstanceKey()).send().join();

        assertThat(instance).isTerminated().hasTerminatedElements("wait");
    }

    @Test
    void childProcessCanBeMocked() {
        processTestContext.mockChildProcess("cpt-child", Map.of("childResult", "done"));
        BpmnModelInstance model = Bpmn.createExecutableProcess("cpt-parent")
                .startEvent("start")
                .callActivity("callChild", c -> c.zeebeProcessId("cpt-child"))
                .endEvent("end")
                .done();

        ProcessInstanceEvent instance = deployAndStart(model, Map.of());

        assertThat(instance).isCompleted().hasCompletedElements("callChild").hasVariable("childResult", "done");
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void runtimeIsPurgedBetweenTests() {
        // runs last: every earlier test deployed processes and started instances
        assertThat(client.newProcessDefinitionSearchRequest().send().join().items()).isEmpty();
        assertThat(client.newProcessInstanceSearchRequest().send().join().items()).isEmpty();
        assertThat(client.newUserTaskSearchRequest().send().join().items()).isEmpty();
        assertThat(client.newIncidentSearchRequest().send().join().items()).isEmpty();
    }
}
