package org.opensafeguarding.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.camunda.client.api.command.DeployResourceCommandStep1;
import io.camunda.client.api.response.DeploymentEvent;
import io.camunda.client.api.response.Process;
import io.camunda.client.api.search.enums.ProcessInstanceState;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The acceptance criterion: the product's own process models and forms deploy together. */
class ProductModelsDeploymentTest extends EngineTestSupport {

    private static final Path BPMN = Path.of("../../bpmn");

    private static List<Path> files(Path folder, String extension) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().endsWith(extension)).sorted().toList();
        }
    }

    @Test
    void allProductModelsDeployWithTheirForms() throws IOException {
        List<Path> models = files(BPMN, ".bpmn");
        List<Path> forms = files(BPMN.resolve("forms"), ".form");
        assertThat(models).extracting(p -> p.getFileName().toString()).contains("lado-allegation.bpmn",
                "child-death-review.bpmn", "scr-referral.bpmn", "practice-review.bpmn");
        assertThat(forms).isNotEmpty();

        DeployResourceCommandStep1.DeployResourceCommandStep2 command = null;
        for (Path file : Stream.concat(models.stream(), forms.stream()).toList()) {
            byte[] content = Files.readAllBytes(file);
            String name = file.getFileName().toString();
            command = command == null
                    ? client.newDeployResourceCommand().addResourceBytes(content, name)
                    : command.addResourceBytes(content, name);
        }
        DeploymentEvent deployment = command.send().join();

        assertThat(deployment.getProcesses()).extracting(Process::getResourceName)
                .containsAll(models.stream().map(p -> p.getFileName().toString()).toList());
        assertThat(deployment.getForm()).hasSize(forms.size());

        // each model starts, opens its process-level "further referral" message event subprocess, and a
        // further referral creates the review task beside the main flow
        for (Process process : deployment.getProcesses()) {
            if (process.getBpmnProcessId().equals("deadline-escalation")) {
                // not a case model: started by message, its one task goes to the group the message names
                client.newPublishMessageCommand().messageName("deadline.escalation.requested").correlationKey("e-1")
                        .variables(Map.of("caseId", "case-x", "timescaleId", "L2b", "escalateTo", "lado-manager",
                                "escalationTurnaround", "P2D")).send().join();
                await().atMost(Duration.ofSeconds(10)).until(() -> client.newUserTaskSearchRequest()
                        .filter(f -> f.elementId("Escalate").candidateGroup("lado-manager")).send().join()
                        .items().size() == 1);
                continue;
            }
            String caseId = "case-" + process.getBpmnProcessId();
            long key = client.newCreateInstanceCommand().processDefinitionKey(process.getProcessDefinitionKey())
                    .variables(Map.of("caseId", caseId, "defaultTaskTurnaround", "P5D")).send().join()
                    .getProcessInstanceKey();
            client.newPublishMessageCommand().messageName("referral-received").correlationKey(caseId)
                    .variables(Map.of("furtherReferralAction", "noted")).send().join();
            await().atMost(Duration.ofSeconds(10)).until(() -> client.newUserTaskSearchRequest()
                    .filter(f -> f.processInstanceKey(key).elementId("ReviewFurtherReferral")).send().join()
                    .items().size() == 1);
            assertThat(client.newIncidentSearchRequest().filter(f -> f.processInstanceKey(key)).send().join()
                    .items()).as("incidents of " + process.getBpmnProcessId()).isEmpty();
            assertThat(client.newProcessInstanceGetRequest(key).send().join().getState())
                    .isEqualTo(ProcessInstanceState.ACTIVE);
        }
    }
}
