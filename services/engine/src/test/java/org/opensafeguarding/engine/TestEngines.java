package org.opensafeguarding.engine;

import java.util.List;

/**
 * Settings of the engines the conformance suites start: they drive the engine with the official client and the
 * camunda-process-test library without credentials, and move the clock and purge through the testing endpoints.
 * The security tests (package {@code security}) start engines with security on instead.
 */
public final class TestEngines {

    /** The same as command-line arguments of a standalone engine in a child JVM. */
    public static final List<String> UNSECURED_TESTING_ARGS =
            List.of("--engine.security.enabled=false", "--engine.testing.enabled=true");

    private TestEngines() {
    }

    /** No token checks (logged loudly by the engine), clock and purge endpoints on. */
    public static EngineSettings unsecuredTesting(EngineSettings settings) {
        return settings.withProperty("engine.security.enabled", "false")
                .withProperty("engine.testing.enabled", "true");
    }
}
