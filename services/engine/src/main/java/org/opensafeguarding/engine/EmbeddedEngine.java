package org.opensafeguarding.engine;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.opensafeguarding.engine.config.EngineProperties;
import org.opensafeguarding.engine.config.ServerPorts;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.context.logging.LoggingApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.StandardEnvironment;

/**
 * Starts the engine inside another JVM as its own Spring application.
 *
 * <p>The context gets an environment that contains only the settings given here: no system properties, no
 * environment variables and no application.properties of the host, because the host (and the other Spring
 * applications sharing the JVM) configure {@code server.port}, {@code spring.datasource.*} and friends for
 * themselves and none of it is meant for the engine. For the same reason the embedded engine leaves the
 * JVM-wide logging system as the host configured it. Security is on unless the settings switch it off:
 * {@code engine.security.issuer-uri} is required (docs/engine.md, "Security").
 */
public final class EmbeddedEngine {

    private EmbeddedEngine() {
    }

    public static RunningEngine start(EngineSettings settings) {
        Map<String, Object> properties = new LinkedHashMap<>(CommonProperties.values());
        // a config name nobody ships, so the host's application.properties on the shared classpath is not read
        properties.put("spring.config.name", "opensafeguarding-engine-embedded");
        properties.put("server.port", String.valueOf(settings.restPort()));
        properties.put("management.server.port", String.valueOf(settings.managementPort()));
        properties.put("engine.grpc.port", String.valueOf(settings.grpcPort()));
        properties.put("engine.embedded", "true");
        properties.put("engine.data-directory", settings.dataDirectory().toString());
        if (settings.jdbcUrl() != null) {
            properties.put("engine.datasource.url", settings.jdbcUrl());
            properties.put("engine.datasource.username", settings.username() == null ? "" : settings.username());
            properties.put("engine.datasource.password", settings.password() == null ? "" : settings.password());
        }
        properties.putAll(settings.extraProperties());

        SpringApplication application = new SpringApplication(EngineApplication.class);
        application.setWebApplicationType(WebApplicationType.SERVLET);
        application.setEnvironment(new IsolatedEnvironment(properties));
        application.setRegisterShutdownHook(false);
        application.setLogStartupInfo(false);
        // logging is JVM-wide: re-initialising it here would reset the host application's logging configuration
        application.setListeners(application.getListeners().stream()
                .filter(listener -> !(listener instanceof LoggingApplicationListener))
                .toList());
        application.addListeners(new EngineEnvironment());
        ConfigurableApplicationContext context = application.run();

        ServerPorts ports = context.getBean(ServerPorts.class);
        String host = clientHost(context.getBean(EngineProperties.class).getBindAddress());
        return new RunningEngine(context,
                URI.create("http://" + host + ":" + ports.restPort()),
                URI.create("http://" + host + ":" + ports.managementPort()),
                URI.create("http://" + host + ":" + ports.grpcPort()));
    }

    /** Where a client on this machine reaches listeners bound to the address: itself, or localhost for "any". */
    static String clientHost(String bindAddress) {
        if (bindAddress == null || bindAddress.isBlank()) {
            return "localhost";
        }
        String address = bindAddress.trim();
        try {
            if (InetAddress.getByName(address).isAnyLocalAddress()) {
                return "localhost";
            }
        } catch (UnknownHostException e) {
            return address; // the listeners could not have bound to it either; the start would have failed
        }
        return address.contains(":") && !address.startsWith("[") ? "[" + address + "]" : address;
    }

    /** An environment whose only property source is the embedding caller's map. */
    private static final class IsolatedEnvironment extends StandardEnvironment {

        IsolatedEnvironment(Map<String, Object> properties) {
            super(sourcesWith(properties));
        }

        private static MutablePropertySources sourcesWith(Map<String, Object> properties) {
            MutablePropertySources sources = new MutablePropertySources();
            sources.addFirst(new MapPropertySource("engine-embedded-settings", properties));
            return sources;
        }

        @Override
        protected void customizePropertySources(MutablePropertySources propertySources) {
            // deliberately empty: no system properties, no environment variables
        }
    }
}
