package org.opensafeguarding.engine;

import java.util.Map;

/**
 * Spring settings the engine needs whether standalone or embedded. Those that depend on the engine's own settings
 * (security, the actuator exposure list, bind addresses) are added by {@link EngineEnvironment}.
 */
final class CommonProperties {

    private CommonProperties() {
    }

    static Map<String, String> values() {
        return Map.ofEntries(
                Map.entry("spring.application.name", "local-engine"),
                Map.entry("management.endpoint.health.probes.enabled", "true"),
                // not ready while a failed commit is being recovered from (EngineStoreHealthIndicator)
                Map.entry("management.endpoint.health.group.readiness.include", "readinessState,engineStore"),
                Map.entry("spring.servlet.multipart.max-file-size", "16MB"),
                Map.entry("spring.servlet.multipart.max-request-size", "64MB"),
                // Tomcat's default of 10 parts would reject a deployment of more than 10 resources
                Map.entry("server.tomcat.max-part-count", "1000"),
                Map.entry("server.shutdown", "immediate"),
                Map.entry("spring.jmx.enabled", "false"),
                Map.entry("spring.main.banner-mode", "off"),
                // long-polling job activations and create-with-result wait longer than MVC's default
                Map.entry("spring.mvc.async.request-timeout", "600000"));
    }
}
