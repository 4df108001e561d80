package org.opensafeguarding.engine.processtest;

import io.camunda.process.test.api.CamundaProcessTestExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.opensafeguarding.engine.RunningEngine;

/** The process test suite against the local engine (REMOTE mode), every client command over REST. */
class LocalEngineRestProcessTest extends ProcessTestSuite {

    private static final RunningEngine ENGINE = LocalEngineRuntime.start();

    @RegisterExtension
    static final CamundaProcessTestExtension EXTENSION = LocalEngineRuntime.remoteExtension(ENGINE, true);

    @AfterAll
    static void stopEngine() {
        ENGINE.close();
    }
}
