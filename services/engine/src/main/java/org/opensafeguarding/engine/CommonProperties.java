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
        return Map.of(
                "spring.application.name", "local-engine",
                "management.endpoint.health.probes.enabled", "true",
                "spring.servlet.multipart.max-file-size", "16MB",
                "spring.servlet.multipart.max-request-size", "64MB",
                // Tomcat's default of 10 parts would reject a deployment of more than 10 resources
                "server.tomcat.max-part-count", "1000",
                "server.shutdown", "immediate",
                "spring.jmx.enabled", "false",
                "spring.main.banner-mode", "off",
                // long-polling job activations and create-with-result wait longer than MVC's default
                "spring.mvc.async.request-timeout", "600000");
    }
}
