package org.opensafeguarding.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.api.response.ProcessInstanceEvent;
import io.camunda.client.api.response.ProcessInstanceResult;
import io.camunda.client.api.search.enums.ProcessInstanceState;
import io.camunda.zeebe.model.bpmn.Bpmn;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Subprocesses, call activities, multi-instance, cancellation and create-with-result. */
class StructureTest extends EngineTestSupport {

    private static List<ActivatedJob> activate(String type) {
        return client.newActivateJobsCommand().jobType(type).maxJobsToActivate(10)
                .timeout(Duration.ofMinutes(5)).requestTimeout(Duration.ofMillis(-1)).send().join().getJobs();
    }

    private static ProcessInstanceState stateOf(long processInstanceKey) {
        return client.newProcessInstanceSearchRequest().filter(f -> f.processInstanceKey(processInstanceKey))
                .send().join().items().get(0).getState();
    }

    @Test
    void embeddedSubprocessRunsItsOwnFlowAndErrorEndEventIsCaughtOnTheSubprocess() {
        String id = uniqueId("subprocess");
        deploy(Bpmn.createExecutableProcess(id).startEvent()
                .subProcess("sub").embeddedSubProcess()
                .startEvent().serviceTask("inner", t -> t.zeebeJobType(id))
                .exclusiveGateway().conditionExpression("= ok").endEvent("innerEnd")
                .moveToLastExclusiveGateway().defaultFlow().endEvent("fail", e -> e.error("REJECTED"))
                .subProcessDone()
                .boundaryEvent("rejected", b -> b.error("REJECTED")).endEvent("rejectedEnd")
                .moveToActivity("sub").endEvent("acceptedEnd").done(), id);

        ProcessInstanceEvent accepted = start(id, Map.of("ok", true));
        ProcessInstanceEvent rejected = start(id, Map.of("ok", false));
        for (ActivatedJob job : activate(id)) {
            client.newCompleteCommand(job.getKey()).send().join();
        }
        assertThat(stateOf(accepted.getProcessInstanceKey())).isEqualTo(ProcessInstanceState.COMPLETED);
        assertThat(stateOf(rejected.getProcessInstanceKey())).isEqualTo(ProcessInstanceState.COMPLETED);
        assertThat(client.newElementInstanceSearchRequest()
                .filter(f -> f.processInstanceKey(rejected.getProcessInstanceKey()).elementId("rejectedEnd"))
                .send().join().items()).hasSize(1);
    }

    @Test
    void callActivityRunsTheChildProcessAndCopiesVariablesBothWays() {
        String child = uniqueId("child");
        String parent = uniqueId("parent");
        deploy(Bpmn.createExecutableProcess(child).startEvent()
                .serviceTask("childWork", t -> t.zeebeJobType(child)).endEvent().done(), child);
        deploy(Bpmn.createExecutableProcess(parent).startEvent()
                .callActivity("call", c -> c.zeebeProcessId(child)).endEvent().done(), parent);
        ProcessInstanceEvent instance = start(parent, Map.of("caseId", "C-9"));

        ActivatedJob job = activate(child).get(0);
        assertThat(job.getVariablesAsMap()).containsEntry("caseId", "C-9");
        assertThat(job.getProcessInstanceKey()).isNotEqualTo(instance.getProcessInstanceKey());
        var children = client.newProcessInstanceSearchRequest()
                .filter(f -> f.parentProcessInstanceKey(instance.getProcessInstanceKey())).send().join().items();
        assertThat(children).hasSize(1);

        client.newCompleteCommand(job.getKey()).variables(Map.of("childResult", 42)).send().join();
        assertThat(stateOf(instance.getProcessInstanceKey())).isEqualTo(ProcessInstanceState.COMPLETED);
        var result = client.newVariableSearchRequest().filter(f -> f.processInstanceKey(
                instance.getProcessInstanceKey()).name("childResult")).send().join().items();
        assertThat(result).hasSize(1);
        assertThat(result.get(0).getValue()).isEqualTo("42");
    }

    @Test
    void parallelMultiInstanceCollectsOutputsInOrder() {
        String id = uniqueId("mi-parallel");
        deploy(Bpmn.createExecutableProcess(id).startEvent()
                .serviceTask("check", t -> t.zeebeJobType(id).multiInstance(m -> m.parallel()
                        .zeebeInputCollectionExpression("agencies").zeebeInputElement("agency")
                        .zeebeOutputCollection("answers").zeebeOutputElementExpression("answer")))
                .endEvent().done(), id);
        ProcessInstanceEvent instance = start(id, Map.of("agencies", List.of("police", "school", "health")));
        List<ActivatedJob> jobs = activate(id);
        assertThat(jobs).hasSize(3);
        jobs.sort(Comparator.comparing(j -> (String) j.getVariablesAsMap().get("agency")));
        for (ActivatedJob job : jobs) {
            client.newCompleteCommand(job.getKey())
                    .variables(Map.of("answer", job.getVariablesAsMap().get("agency") + "-ok")).send().join();
        }
        assertThat(stateOf(instance.getProcessInstanceKey())).isEqualTo(ProcessInstanceState.COMPLETED);
        var answers = client.newVariableSearchRequest().filter(f -> f.processInstanceKey(
                instance.getProcessInstanceKey()).scopeKey(instance.getProcessInstanceKey()).name("answers"))
                .send().join().items();
        assertThat(answers.get(0).getValue()).isEqualTo("[\"police-ok\",\"school-ok\",\"health-ok\"]");
    }

    @Test
    void boundaryEventOnMultiInstanceActivityInterruptsAllInnerInstances() {
        String id = uniqueId("mi-boundary");
        deploy(Bpmn.createExecutableProcess(id).startEvent()
                .serviceTask("check", t -> t.zeebeJobType(id).multiInstance(m -> m.parallel()
                        .zeebeInputCollectionExpression("items")))
                .boundaryEvent("tooLate").timerWithDuration("PT1H").endEvent("escalated")
                .moveToActivity("check").endEvent("done").done(), id);
        ProcessInstanceEvent instance = start(id, Map.of("items", List.of(1, 2, 3)));
        assertThat(activate(id)).hasSize(3);
        advanceClock(Duration.ofHours(2));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() ->
                stateOf(instance.getProcessInstanceKey()) == ProcessInstanceState.COMPLETED);
        assertThat(client.newElementInstanceSearchRequest()
                .filter(f -> f.processInstanceKey(instance.getProcessInstanceKey()).elementId("escalated"))
                .send().join().items()).hasSize(1);
    }

    @Test
    void sequentialMultiInstanceRunsOneItemAtATime() {
        String id = uniqueId("mi-sequential");
        deploy(Bpmn.createExecutableProcess(id).startEvent()
                .serviceTask("step", t -> t.zeebeJobType(id).multiInstance(m -> m.sequential()
                        .zeebeInputCollectionExpression("items").zeebeInputElement("item")))
                .endEvent().done(), id);
        ProcessInstanceEvent instance = start(id, Map.of("items", List.of(1, 2)));
        List<ActivatedJob> first = activate(id);
        assertThat(first).hasSize(1);
        assertThat(first.get(0).getVariablesAsMap()).containsEntry("item", 1).containsEntry("loopCounter", 1);
        client.newCompleteCommand(first.get(0).getKey()).send().join();
        List<ActivatedJob> second = activate(id);
        assertThat(second).hasSize(1);
        assertThat(second.get(0).getVariablesAsMap()).containsEntry("item", 2);
        client.newCompleteCommand(second.get(0).getKey()).send().join();
        assertThat(stateOf(instance.getProcessInstanceKey())).isEqualTo(ProcessInstanceState.COMPLETED);
    }

    @Test
    void cancellingAnInstanceTerminatesItAndItsJobs() {
        String id = uniqueId("cancel");
        deploy(Bpmn.createExecutableProcess(id).startEvent()
                .serviceTask("work", t -> t.zeebeJobType(id)).endEvent().done(), id);
        ProcessInstanceEvent instance = start(id, Map.of());
        client.newCancelInstanceCommand(instance.getProcessInstanceKey()).send().join();
        assertThat(stateOf(instance.getProcessInstanceKey())).isEqualTo(ProcessInstanceState.TERMINATED);
        assertThat(activate(id)).isEmpty();
    }

    @Test
    void createWithResultWaitsForCompletionAndReturnsVariables() {
        String id = uniqueId("with-result");
        deploy(Bpmn.createExecutableProcess(id).startEvent()
                .exclusiveGateway().conditionExpression("= x > 1").endEvent()
                .moveToLastExclusiveGateway().defaultFlow().endEvent().done(), id);
        ProcessInstanceResult result = client.newCreateInstanceCommand().bpmnProcessId(id).latestVersion()
                .variables(Map.of("x", 5)).withResult().send().join();
        assertThat(result.getVariablesAsMap()).containsEntry("x", 5);
        assertThat(result.getProcessInstanceKey()).isPositive();
    }
}
