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
}
