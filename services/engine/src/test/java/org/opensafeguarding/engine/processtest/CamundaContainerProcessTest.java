package org.opensafeguarding.engine.processtest;

import io.camunda.process.test.api.CamundaProcessTestExtension;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The same process test suite against a real Camunda 8.8 started by the library's default (managed) runtime in
 * Testcontainers, so anyone with Docker can check that the local engine and Camunda agree. Skipped without
 * Docker. Run it alone with
 * {@code ./mvnw -B -pl services/engine test -Dtest=CamundaContainerProcessTest}.
 */
@Testcontainers(disabledWithoutDocker = true)
class CamundaContainerProcessTest extends ProcessTestSuite {

    @RegisterExtension
    static final CamundaProcessTestExtension EXTENSION = new CamundaProcessTestExtension()
            .withCamundaDockerImageVersion("8.8.14")
            .withCoverageReportDirectory(LocalEngineRuntime.buildFolder().resolve("coverage-report").toString());
}
