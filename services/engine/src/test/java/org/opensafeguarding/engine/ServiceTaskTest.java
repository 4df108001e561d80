package org.opensafeguarding.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.api.response.ProcessInstanceEvent;
import io.camunda.client.api.response.Topology;
import io.camunda.client.api.search.enums.ProcessInstanceState;
import io.camunda.zeebe.model.bpmn.Bpmn;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServiceTaskTest extends EngineTestSupport {

    @Test
    void topologyReportsOneHealthyPartition() {
        Topology topology = client.newTopologyRequest().send().join();
        assertThat(topology.getClusterSize()).isEqualTo(1);
        assertThat(topology.getPartitionsCount()).isEqualTo(1);
        assertThat(topology.getBrokers()).hasSize(1);
        assertThat(topology.getBrokers().get(0).getPartitions().get(0).isLeader()).isTrue();
    }

    @Test
    void serviceTaskJobIsActivatedAndCompletionPropagatesVariables() {
        String id = uniqueId("service");
        deploy(Bpmn.createExecutableProcess(id).startEvent()
                .serviceTask("work", t -> t.zeebeJobType(id + "-job").zeebeJobRetries("5")
                        .zeebeTaskHeader("region", "north"))
                .endEvent().done(), id);
        ProcessInstanceEvent instance = start(id, Map.of("caseId", "C-1"));

        List<ActivatedJob> jobs = client.newActivateJobsCommand().jobType(id + "-job").maxJobsToActivate(5)
                .timeout(Duration.ofMinutes(1)).send().join().getJobs();
        assertThat(jobs).hasSize(1);
        ActivatedJob job = jobs.get(0);
        assertThat(job.getRetries()).isEqualTo(5);
        assertThat(job.getCustomHeaders()).containsEntry("region", "north");
        assertThat(job.getVariablesAsMap()).containsEntry("caseId", "C-1");
        assertThat(job.getProcessInstanceKey()).isEqualTo(instance.getProcessInstanceKey());

        client.newCompleteCommand(job.getKey()).variables(Map.of("outcome", "done")).send().join();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            var found = client.newProcessInstanceSearchRequest()
                    .filter(f -> f.processInstanceKey(instance.getProcessInstanceKey())).send().join().items();
            assertThat(found).hasSize(1);
            assertThat(found.get(0).getState()).isEqualTo(ProcessInstanceState.COMPLETED);
        });
        var variables = client.newVariableSearchRequest()
                .filter(f -> f.processInstanceKey(instance.getProcessInstanceKey()).name("outcome"))
                .send().join().items();
        assertThat(variables).hasSize(1);
        assertThat(variables.get(0).getValue()).isEqualTo("\"done\"");
    }

    /** Sequence flows link nodes by sourceRef/targetRef; a file without the nodes' incoming/outgoing children runs. */
    @Test
    void aModelWithoutIncomingAndOutgoingChildrenFollowsItsSequenceFlows() {
        String id = uniqueId("bare-flows");
        String xml = """
                <?xml version="1.0" encoding="UTF-8"?>
                <definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"
                             xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" targetNamespace="test">
                  <process id="%1$s" isExecutable="true">
                    <startEvent id="start"/>
                    <sequenceFlow id="f1" sourceRef="start" targetRef="work"/>
                    <serviceTask id="work">
                      <extensionElements><zeebe:taskDefinition type="%1$s-job"/></extensionElements>
                    </serviceTask>
                    <sequenceFlow id="f2" sourceRef="work" targetRef="end"/>
                    <endEvent id="end"/>
                  </process>
                </definitions>
                """.formatted(id);
        client.newDeployResourceCommand().addResourceStringUtf8(xml, id + ".bpmn").send().join();
        ProcessInstanceEvent instance = start(id, Map.of());

        List<ActivatedJob> jobs = client.newActivateJobsCommand().jobType(id + "-job").maxJobsToActivate(5)
                .timeout(Duration.ofMinutes(1)).send().join().getJobs();
        assertThat(jobs).hasSize(1);
        assertThat(client.newProcessInstanceSearchRequest()
                .filter(f -> f.processInstanceKey(instance.getProcessInstanceKey())).send().join().items().get(0)
                .getState()).isEqualTo(ProcessInstanceState.ACTIVE);
        client.newCompleteCommand(jobs.get(0).getKey()).send().join();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(client.newProcessInstanceSearchRequest()
                .filter(f -> f.processInstanceKey(instance.getProcessInstanceKey())).send().join().items().get(0)
                .getState()).isEqualTo(ProcessInstanceState.COMPLETED));
    }
}
