package org.opensafeguarding.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.camunda.client.api.response.DeploymentEvent;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import org.junit.jupiter.api.Test;

class DeploymentTest extends EngineTestSupport {

    @Test
    void redeployingAnIdenticalResourceKeepsTheVersionAndAChangedOneAddsAVersion() {
        String id = uniqueId("versions");
        BpmnModelInstance first = Bpmn.createExecutableProcess(id).startEvent().endEvent().done();
        DeploymentEvent one = deploy(first, id);
        DeploymentEvent same = deploy(first, id);
        DeploymentEvent changed = deploy(Bpmn.createExecutableProcess(id).startEvent().endEvent("other").done(), id);

        assertThat(one.getProcesses().get(0).getVersion()).isEqualTo(1);
        assertThat(same.getProcesses().get(0).getVersion()).isEqualTo(1);
        assertThat(same.getProcesses().get(0).getProcessDefinitionKey())
                .isEqualTo(one.getProcesses().get(0).getProcessDefinitionKey());
        assertThat(changed.getProcesses().get(0).getVersion()).isEqualTo(2);

        var definitions = client.newProcessDefinitionSearchRequest().filter(f -> f.processDefinitionId(id))
                .send().join().items();
        assertThat(definitions).hasSize(2);
        String xml = client.newProcessDefinitionGetXmlRequest(one.getProcesses().get(0).getProcessDefinitionKey())
                .send().join();
        assertThat(xml).contains(id);
    }

    @Test
    void unsupportedElementIsRejectedWithItsIdAndTypeAndNothingIsDeployed() {
        String good = uniqueId("good");
        String bad = uniqueId("bad");
        assertThatThrownBy(() -> client.newDeployResourceCommand()
                .addProcessModel(Bpmn.createExecutableProcess(good).startEvent().endEvent().done(), good + ".bpmn")
                .addProcessModel(Bpmn.createExecutableProcess(bad).startEvent().scriptTask("calc").endEvent()
                        .done(), bad + ".bpmn")
                .send().join())
                .satisfies(e -> assertRejected(e, 400, "'calc'", "scriptTask"));
        assertThat(client.newProcessDefinitionSearchRequest().filter(f -> f.processDefinitionId(good))
                .send().join().items()).isEmpty();
    }

    @Test
    void staticValueWhereAnExpressionIsRequiredIsRejectedAtDeployment() {
        String id = uniqueId("static-output");
        assertThatThrownBy(() -> deploy(Bpmn.createExecutableProcess(id).startEvent()
                .serviceTask("t", t -> t.zeebeJobType(id).zeebeOutput("score", "riskScore")).endEvent()
                .done(), id))
                .satisfies(e -> assertRejected(e, 400, "'t'",
                        "expected an expression but found static value 'score'"));
    }

    @Test
    void staticInputMappingSourceIsAString() {
        String id = uniqueId("static-input");
        deploy(Bpmn.createExecutableProcess(id).startEvent()
                .serviceTask("t", t -> t.zeebeJobType(id).zeebeInput("25", "port")).endEvent().done(), id);
        start(id, java.util.Map.of());
        var job = client.newActivateJobsCommand().jobType(id).maxJobsToActivate(1)
                .timeout(java.time.Duration.ofMinutes(1)).send().join().getJobs().get(0);
        assertThat(job.getVariablesAsMap()).containsEntry("port", "25");
    }

    @Test
    void startingAnUnknownProcessIsNotFound() {
        assertThatThrownBy(() -> client.newCreateInstanceCommand().bpmnProcessId(uniqueId("missing"))
                .latestVersion().send().join())
                .satisfies(e -> assertRejected(e, 404));
    }
}
