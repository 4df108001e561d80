package org.opensafeguarding.identity.provider;

import com.nimbusds.jose.jwk.RSAKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.context.logging.LoggingApplicationListener;
import org.springframework.boot.web.server.PortInUseException;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.StandardEnvironment;

/**
 * Starts an OIDC provider (Spring Authorization Server) inside another JVM as its own Spring application, for the
 * local stack and for tests. Like the embedded engine it sees only the settings given here: no system properties,
 * environment variables or application.yml of the host, no JVM-wide logging re-initialisation, no shutdown hook
 * (the host closes it).
 */
public final class EmbeddedIdentityProvider {

    /** Browsers keep cookies per host, not per port: a distinct name keeps other localhost apps' sessions apart. */
    public static final String SESSION_COOKIE = "SAFEGUARDING_IDP_SESSION";

    private static final int ATTEMPTS_ON_FREE_PORT = 3;

    private EmbeddedIdentityProvider() {
    }

    public static RunningIdentityProvider start(IdentityProviderSettings settings) {
        RSAKey key = SigningKey.load(settings.keyFile());
        Directory directory = new Directory(settings.accessTokenTtl());
        settings.users().forEach(directory::addUser);
        settings.clients().forEach(directory::addClient);
        for (int attempt = 1; ; attempt++) {
            // the issuer is in every token and must be known before start, so a free port is chosen here
            int port = settings.port() != 0 ? settings.port() : freePort(settings.host());
            URI issuer = URI.create("http://" + hostInUri(settings.host()) + ":" + port);
            try {
                return new RunningIdentityProvider(run(settings.host(), port, issuer, directory, key), issuer, directory,
                        key);
            } catch (RuntimeException e) {
                // another process may take the chosen port between choosing and binding
                if (settings.port() != 0 || attempt == ATTEMPTS_ON_FREE_PORT || !portInUse(e)) {
                    throw e;
                }
            }
        }
    }

    private static ConfigurableApplicationContext run(String host, int port, URI issuer, Directory directory,
            RSAKey key) {
        Map<String, Object> properties = new LinkedHashMap<>();
        // a config name nobody ships, so the host's application.yml on the shared classpath is not read
        properties.put("spring.config.name", "opensafeguarding-identity-embedded");
        properties.put("spring.application.name", "identity-provider");
        properties.put("identity.issuer", issuer.toString());
        properties.put("server.address", host);
        properties.put("server.port", String.valueOf(port));
        properties.put("server.servlet.session.cookie.name", SESSION_COOKIE);
        properties.put("server.servlet.session.cookie.same-site", "lax");
        properties.put("server.shutdown", "immediate");
        properties.put("spring.jmx.enabled", "false");
        properties.put("spring.main.banner-mode", "off");

        SpringApplication application = new SpringApplication(ProviderConfiguration.class);
        application.setWebApplicationType(WebApplicationType.SERVLET);
        application.setEnvironment(new IsolatedEnvironment(properties));
        application.setRegisterShutdownHook(false);
        application.setLogStartupInfo(false);
        // logging is JVM-wide: re-initialising it here would reset the host application's logging configuration
        application.setListeners(application.getListeners().stream()
                .filter(listener -> !(listener instanceof LoggingApplicationListener))
                .toList());
        application.addInitializers(context -> {
            context.getBeanFactory().registerSingleton("directory", directory);
            context.getBeanFactory().registerSingleton("signingKey", key);
        });
        return application.run();
    }

    private static int freePort(String host) {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(host))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on " + host, e);
        }
    }

    private static String hostInUri(String host) {
        return host.contains(":") ? "[" + host + "]" : host;
    }

    private static boolean portInUse(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof PortInUseException) {
                return true;
            }
        }
        return false;
    }

    /** An environment whose only property source is the map given here. */
    private static final class IsolatedEnvironment extends StandardEnvironment {

        IsolatedEnvironment(Map<String, Object> properties) {
            super(sourcesWith(properties));
        }

        private static MutablePropertySources sourcesWith(Map<String, Object> properties) {
            MutablePropertySources sources = new MutablePropertySources();
            sources.addFirst(new MapPropertySource("identity-provider-embedded-settings", properties));
            return sources;
        }

        @Override
        protected void customizePropertySources(MutablePropertySources propertySources) {
            // deliberately empty: no system properties, no environment variables
        }
    }
}
