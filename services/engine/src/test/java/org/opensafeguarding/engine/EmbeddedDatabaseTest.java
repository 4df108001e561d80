package org.opensafeguarding.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.client.CamundaClient;
import io.camunda.zeebe.model.bpmn.Bpmn;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Without a database URL the engine starts its own PostgreSQL in a data folder, which survives restarts. */
class EmbeddedDatabaseTest {

    @TempDir
    Path dataDirectory;

    @Test
    void engineWithoutDatabaseUrlKeepsItsStateInTheDataFolder() {
        EngineSettings settings = TestEngines.unsecuredTesting(
                EngineSettings.standaloneDefaults(dataDirectory.resolve("engine-postgres")).withPorts(0, 0, 0));
        String processId = "embedded-db-process";
        try (RunningEngine engine = EmbeddedEngine.start(settings);
             CamundaClient client = EngineTestSupport.newClient(engine)) {
            client.newDeployResourceCommand()
                    .addProcessModel(Bpmn.createExecutableProcess(processId).startEvent().endEvent().done(),
                            processId + ".bpmn")
                    .send().join();
        }
        try (RunningEngine engine = EmbeddedEngine.start(settings);
             CamundaClient client = EngineTestSupport.newClient(engine)) {
            assertThat(client.newProcessDefinitionSearchRequest().filter(f -> f.processDefinitionId(processId))
                    .send().join().items()).hasSize(1);
        }
    }
}
