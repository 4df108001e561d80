package org.opensafeguarding.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.api.response.ProcessInstanceEvent;
import io.camunda.client.api.search.enums.ProcessInstanceState;
import io.camunda.client.api.search.response.ElementInstance;
import io.camunda.client.api.search.response.Incident;
import io.camunda.zeebe.model.bpmn.Bpmn;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class GatewayAndMappingTest extends EngineTestSupport {

    private static List<ActivatedJob> activate(String type) {
        return client.newActivateJobsCommand().jobType(type).maxJobsToActivate(10)
                .timeout(Duration.ofMinutes(5)).requestTimeout(Duration.ofMillis(-1)).send().join().getJobs();
    }

    private static List<String> completedElements(long processInstanceKey) {
        return client.newElementInstanceSearchRequest()
                .filter(f -> f.processInstanceKey(processInstanceKey)).send().join().items().stream()
                .filter(e -> e.getState().name().equals("COMPLETED"))
                .map(ElementInstance::getElementId).collect(Collectors.toList());
    }

    private static ProcessInstanceState stateOf(long processInstanceKey) {
        return client.newProcessInstanceSearchRequest().filter(f -> f.processInstanceKey(processInstanceKey))
                .send().join().items().get(0).getState();
    }

    private static String variable(long processInstanceKey, String name) {
        var found = client.newVariableSearchRequest()
                .filter(f -> f.processInstanceKey(processInstanceKey).scopeKey(processInstanceKey).name(name))
                .send().join().items();
        return found.isEmpty() ? null : found.get(0).getValue();
    }

    private String deployDecision() {
        String id = uniqueId("exclusive");
        deploy(Bpmn.createExecutableProcess(id).startEvent()
                .exclusiveGateway("decide")
                .sequenceFlowId("high").conditionExpression("= risk > 5").endEvent("urgent")
                .moveToLastGateway().sequenceFlowId("low").conditionExpression("= risk <= 5 and risk >= 0")
                .endEvent("routine")
                .done(), id);
        return id;
    }

    @Test
    void exclusiveGatewayTakesTheFirstFlowWhoseConditionHolds() {
        String id = deployDecision();
        ProcessInstanceEvent urgent = start(id, Map.of("risk", 8));
        ProcessInstanceEvent routine = start(id, Map.of("risk", 2));
        assertThat(completedElements(urgent.getProcessInstanceKey())).contains("urgent").doesNotContain("routine");
        assertThat(completedElements(routine.getProcessInstanceKey())).contains("routine").doesNotContain("urgent");
        var flows = client.newProcessInstanceSequenceFlowsRequest(urgent.getProcessInstanceKey()).send().join();
        assertThat(flows).extracting(f -> f.getElementId()).contains("high");
    }

    @Test
    void exclusiveGatewayTakesDefaultFlowWhenNoConditionHolds() {
        String id = uniqueId("default-flow");
        deploy(Bpmn.createExecutableProcess(id).startEvent()
                .exclusiveGateway("decide")
                .conditionExpression("= false").endEvent("never")
                .moveToLastExclusiveGateway().defaultFlow().endEvent("fallback")
                .done(), id);
        ProcessInstanceEvent instance = start(id, Map.of());
        assertThat(completedElements(instance.getProcessInstanceKey())).contains("fallback");
    }

    @Test
    void exclusiveGatewayWithoutMatchingConditionRaisesIncidentThatCanBeResolved() {
        String id = deployDecision();
        ProcessInstanceEvent instance = start(id, Map.of("risk", -1));
        List<Incident> incidents = client.newIncidentSearchRequest()
                .filter(f -> f.processInstanceKey(instance.getProcessInstanceKey())).send().join().items();
        assertThat(incidents).hasSize(1);
        assertThat(incidents.get(0).getErrorType().name()).isEqualTo("CONDITION_ERROR");
        assertThat(incidents.get(0).getElementId()).isEqualTo("decide");

        client.newSetVariablesCommand(instance.getProcessInstanceKey()).variables(Map.of("risk", 9)).send().join();
        client.newResolveIncidentCommand(incidents.get(0).getIncidentKey()).send().join();
        assertThat(stateOf(instance.getProcessInstanceKey())).isEqualTo(ProcessInstanceState.COMPLETED);
        assertThat(completedElements(instance.getProcessInstanceKey())).contains("urgent");
    }

    @Test
    void parallelGatewayForksAndJoins() {
        String id = uniqueId("parallel");
        deploy(Bpmn.createExecutableProcess(id).startEvent()
                .parallelGateway("fork")
                .serviceTask("a", t -> t.zeebeJobType(id))
                .parallelGateway("join")
                .endEvent("end")
                .moveToNode("fork").serviceTask("b", t -> t.zeebeJobType(id)).connectTo("join")
                .done(), id);
        ProcessInstanceEvent instance = start(id, Map.of());
        List<ActivatedJob> jobs = activate(id);
        assertThat(jobs).extracting(ActivatedJob::getElementId).containsExactlyInAnyOrder("a", "b");

        client.newCompleteCommand(jobs.get(0).getKey()).send().join();
        assertThat(stateOf(instance.getProcessInstanceKey())).isEqualTo(ProcessInstanceState.ACTIVE);
        client.newCompleteCommand(jobs.get(1).getKey()).send().join();
        assertThat(stateOf(instance.getProcessInstanceKey())).isEqualTo(ProcessInstanceState.COMPLETED);
        assertThat(completedElements(instance.getProcessInstanceKey()).stream().filter("join"::equals)).hasSize(1);
    }

    @Test
    void inputMappingsCreateLocalVariablesAndOutputMappingsDecideWhatLeavesTheTask() {
        String id = uniqueId("mappings");
        deploy(Bpmn.createExecutableProcess(id).startEvent()
                .serviceTask("work", t -> t.zeebeJobType(id)
                        .zeebeInputExpression("child.name", "childName")
                        .zeebeOutputExpression("score * 10", "riskScore"))
                .endEvent().done(), id);
        ProcessInstanceEvent instance = start(id, Map.of("child", Map.of("name", "Sam")));
        ActivatedJob job = activate(id).get(0);
        assertThat(job.getVariablesAsMap()).containsEntry("childName", "Sam");
        client.newCompleteCommand(job.getKey()).variables(Map.of("score", 4, "scratch", "x")).send().join();

        long key = instance.getProcessInstanceKey();
        assertThat(variable(key, "riskScore")).isEqualTo("40");
        assertThat(variable(key, "scratch")).as("job variables stay local to the task when output mappings exist").isNull();
        assertThat(client.newVariableSearchRequest().filter(f -> f.processInstanceKey(key).name("childName")
                .scopeKey(key)).send().join().items()).isEmpty();
    }

    @Test
    void outputMappingToANestedTargetUpdatesThatPropertyOnly() {
        String id = uniqueId("nested-target");
        deploy(Bpmn.createExecutableProcess(id).startEvent()
                .serviceTask("work", t -> t.zeebeJobType(id).zeebeOutputExpression("level", "case.risk.level"))
                .endEvent().done(), id);
        ProcessInstanceEvent instance = start(id, Map.of("case", Map.of("id", "C-3")));
        client.newCompleteCommand(activate(id).get(0).getKey()).variables(Map.of("level", "high")).send().join();
        assertThat(variable(instance.getProcessInstanceKey(), "case"))
                .isEqualTo("{\"id\":\"C-3\",\"risk\":{\"level\":\"high\"}}");
    }

    @Test
    void jobVariablesWithoutOutputMappingsPropagateToTheProcessScope() {
        String id = uniqueId("propagation");
        deploy(Bpmn.createExecutableProcess(id).startEvent()
                .serviceTask("work", t -> t.zeebeJobType(id)).endEvent().done(), id);
        ProcessInstanceEvent instance = start(id, Map.of("existing", 1));
        client.newCompleteCommand(activate(id).get(0).getKey())
                .variables(Map.of("existing", 2, "added", "yes")).send().join();
        long key = instance.getProcessInstanceKey();
        var variables = client.newVariableSearchRequest().filter(f -> f.processInstanceKey(key)).send().join()
                .items();
        assertThat(variables).allSatisfy(v -> assertThat(v.getScopeKey()).isEqualTo(key));
        assertThat(variable(key, "existing")).isEqualTo("2");
        assertThat(variable(key, "added")).isEqualTo("\"yes\"");
    }

    @Test
    void failingInputMappingRaisesIncident() {
        String id = uniqueId("bad-mapping");
        deploy(Bpmn.createExecutableProcess(id).startEvent()
                .serviceTask("work", t -> t.zeebeJobType(id).zeebeInputExpression("assert(x, x != null)", "y"))
                .endEvent().done(), id);
        ProcessInstanceEvent instance = start(id, Map.of());
        List<Incident> incidents = client.newIncidentSearchRequest()
                .filter(f -> f.processInstanceKey(instance.getProcessInstanceKey())).send().join().items();
        assertThat(incidents).hasSize(1);
        assertThat(incidents.get(0).getElementId()).isEqualTo("work");

        client.newSetVariablesCommand(instance.getProcessInstanceKey()).variables(Map.of("x", 1)).send().join();
        client.newResolveIncidentCommand(incidents.get(0).getIncidentKey()).send().join();
        assertThat(activate(id)).hasSize(1);
    }
}
