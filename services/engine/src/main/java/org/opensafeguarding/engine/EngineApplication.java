package org.opensafeguarding.engine;

import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.actuate.autoconfigure.observation.web.servlet.WebMvcObservationAutoConfiguration;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.flyway.FlywayAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.autoconfigure.websocket.servlet.WebSocketServletAutoConfiguration;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The standalone local engine. The datasource and Flyway are built by the engine itself from {@code engine.*}
 * properties, so that Spring's auto-configuration never binds another application's {@code spring.datasource.*}.
 * Per-request HTTP observations (metrics and tracing of every request, no endpoint exposes them) and Tomcat's
 * WebSocket filter are left out: every REST command went through both, twice with the async dispatch. The engine
 * verifies tokens but issues none: the authorization server that the identity module brings along is left out too.
 * {@link EngineEnvironment} decides the security settings; both entry points (this one and
 * {@link EmbeddedEngine}) register it.
 */
@SpringBootApplication(exclude = {DataSourceAutoConfiguration.class, FlywayAutoConfiguration.class,
        WebMvcObservationAutoConfiguration.class, WebSocketServletAutoConfiguration.class},
        excludeName = {
                "org.springframework.boot.autoconfigure.security.oauth2.server.servlet.OAuth2AuthorizationServerAutoConfiguration",
                "org.springframework.boot.autoconfigure.security.oauth2.server.servlet.OAuth2AuthorizationServerJwtAutoConfiguration"})
@ConfigurationPropertiesScan
public class EngineApplication {

    public static void main(String[] args) {
        SpringApplication application = new SpringApplication(EngineApplication.class);
        application.setDefaultProperties(standaloneDefaults());
        application.addListeners(new EngineEnvironment());
        application.run(args);
    }

    static Map<String, Object> standaloneDefaults() {
        Map<String, Object> defaults = new HashMap<>();
        defaults.put("server.port", "8080");
        defaults.put("management.server.port", "9600");
        defaults.put("engine.grpc.port", "26500");
        defaults.putAll(CommonProperties.values());
        return defaults;
    }
}
