package org.opensafeguarding.engine.processtest;

import io.camunda.process.test.api.CamundaProcessTestExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.opensafeguarding.engine.RunningEngine;

/**
 * The process test suite against the local engine (REMOTE mode) with the library's own client choice: commands
 * (deploy, create, jobs, messages, ...) over gRPC, searches over REST.
 */
class LocalEngineGrpcProcessTest extends ProcessTestSuite {

    private static final RunningEngine ENGINE = LocalEngineRuntime.start();

    @RegisterExtension
    static final CamundaProcessTestExtension EXTENSION = LocalEngineRuntime.remoteExtension(ENGINE, false);

    @AfterAll
    static void stopEngine() {
        ENGINE.close();
    }
}
