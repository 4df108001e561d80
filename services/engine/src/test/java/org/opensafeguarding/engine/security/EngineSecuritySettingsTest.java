package org.opensafeguarding.engine.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.opensafeguarding.engine.EmbeddedEngine;
import org.opensafeguarding.engine.EngineSettings;
import org.opensafeguarding.engine.RunningEngine;
import org.opensafeguarding.engine.TestEngines;
import org.opensafeguarding.identity.access.Role;
import org.opensafeguarding.testkit.EmbeddedPostgresSupport;
import org.opensafeguarding.testkit.TestIdentity;
import org.slf4j.LoggerFactory;

/**
 * How security is switched: on unless said otherwise, never without an issuer, off only explicitly and loudly;
 * the testing endpoints only when asked for; every listener on loopback unless {@code engine.bind-address} says
 * otherwise.
 */
class EngineSecuritySettingsTest {

    @Test
    void withoutAnIssuerTheEngineRefusesToStartAndNamesTheProperty() {
        EngineSettings settings = EngineSettings.forDatabase(EmbeddedPostgresSupport.newDatabase("engine_no_issuer"),
                EmbeddedPostgresSupport.username(), EmbeddedPostgresSupport.password());
        assertThatThrownBy(() -> EmbeddedEngine.start(settings).close())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("engine.security.issuer-uri")
                .hasMessageContaining("ENGINE_SECURITY_ISSUER_URI");
        assertThatThrownBy(() -> EmbeddedEngine.start(settings.withProperty("engine.security.enabled", "true")).close())
                .hasMessageContaining("engine.security.issuer-uri");
    }

    @Test
    void withoutTestingEnabledClockAndPurgeDoNotExistEvenForTheWorkflowService() {
        String workflow = TestIdentity.shared().clientToken("settings-workflow", Set.of(Role.WORKFLOW_SERVICE.name()),
                Set.of());
        try (Captured logs = Captured.start(); RunningEngine engine = SecuredEngine.start(false)) {
            for (String[] call : List.of(new String[] {"GET", "/actuator/clock"},
                    new String[] {"POST", "/actuator/clock/add"}, new String[] {"DELETE", "/actuator/clock"},
                    new String[] {"GET", "/actuator/cluster"}, new String[] {"POST", "/actuator/cluster/purge"})) {
                assertThat(SecuredEngine.send(engine.managementAddress(), call[0], call[1], workflow).statusCode())
                        .as(call[0] + " " + call[1]).isEqualTo(404);
            }
            assertThat(SecuredEngine.send(engine.managementAddress(), "GET", "/actuator/health", null).statusCode())
                    .isEqualTo(200);
            assertThat(logs.warnings()).noneMatch(w -> w.contains("TESTING ENDPOINTS ENABLED")
                    || w.contains("SECURITY DISABLED"));
        }
    }

    @Test
    void testingEndpointsAreAnnouncedLoudly() {
        try (Captured logs = Captured.start(); RunningEngine engine = SecuredEngine.start(true)) {
            assertThat(logs.warnings()).contains(EngineSecurityConfiguration.TESTING_WARNING);
            String operator = TestIdentity.shared().clientToken("settings-operator",
                    Set.of(Role.ENGINE_OPERATOR.name()), Set.of());
            assertThat(SecuredEngine.send(engine.managementAddress(), "GET", "/actuator/clock", operator).statusCode())
                    .isEqualTo(200);
        }
    }

    @Test
    void securityOffIsExplicitAndLoud() {
        EngineSettings settings = TestEngines.unsecuredTesting(EngineSettings.forDatabase(
                EmbeddedPostgresSupport.newDatabase("engine_unsecured"), EmbeddedPostgresSupport.username(),
                EmbeddedPostgresSupport.password()));
        try (Captured logs = Captured.start(); RunningEngine engine = EmbeddedEngine.start(settings)) {
            assertThat(logs.warnings()).anyMatch(w -> w.startsWith("ENGINE SECURITY DISABLED"));
            assertThat(SecuredEngine.send(engine.restAddress(), "GET", "/v2/topology", null).statusCode())
                    .isEqualTo(200);
            assertThat(SecuredEngine.send(engine.managementAddress(), "GET", "/actuator/clock", null).statusCode())
                    .isEqualTo(200);
        }
    }

    @Test
    void everyListenerIsOnLoopbackByDefault() throws IOException {
        try (RunningEngine engine = SecuredEngine.start(false)) {
            assertThat(engine.restAddress().getHost()).isEqualTo("127.0.0.1");
            assertThat(engine.managementAddress().getHost()).isEqualTo("127.0.0.1");
            assertThat(engine.grpcAddress().getHost()).isEqualTo("127.0.0.1");
            Optional<InetAddress> external = externalAddress();
            assumeThat(external).as("a non-loopback address of this machine").isPresent();
            for (int port : new int[] {engine.restAddress().getPort(), engine.managementAddress().getPort(),
                    engine.grpcAddress().getPort()}) {
                assertThat(connects(external.get(), port)).as("port %d on %s", port, external.get()).isFalse();
                assertThat(connects(InetAddress.getLoopbackAddress(), port)).isTrue();
            }
        }
    }

    @Test
    void theBindAddressSettingOpensTheListenersWider() throws IOException {
        Optional<InetAddress> external = externalAddress();
        assumeThat(external).as("a non-loopback address of this machine").isPresent();
        try (RunningEngine engine = EmbeddedEngine.start(SecuredEngine.settings(false)
                .withProperty("engine.bind-address", "0.0.0.0"))) {
            assertThat(engine.restAddress().getHost()).isEqualTo("localhost");
            for (int port : new int[] {engine.restAddress().getPort(), engine.managementAddress().getPort(),
                    engine.grpcAddress().getPort()}) {
                assertThat(connects(external.get(), port)).as("port %d on %s", port, external.get()).isTrue();
            }
        }
    }

    private static boolean connects(InetAddress address, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), 2000);
            return true;
        } catch (IOException refused) {
            return false;
        }
    }

    private static Optional<InetAddress> externalAddress() throws SocketException {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nic.isUp() || nic.isLoopback()) {
                continue;
            }
            for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                if (address instanceof Inet4Address && !address.isLoopbackAddress()) {
                    return Optional.of(address);
                }
            }
        }
        return Optional.empty();
    }

    /** The WARN lines the engine's security configuration logs while a test runs (the host's logback). */
    private static final class Captured implements AutoCloseable {
        private final Logger logger = (Logger) LoggerFactory.getLogger(EngineSecurityConfiguration.class);
        private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

        static Captured start() {
            Captured captured = new Captured();
            captured.appender.start();
            captured.logger.addAppender(captured.appender);
            return captured;
        }

        List<String> warnings() {
            return appender.list.stream().filter(e -> e.getLevel() == Level.WARN)
                    .map(ILoggingEvent::getFormattedMessage).toList();
        }

        @Override
        public void close() {
            logger.detachAppender(appender);
        }
    }
}
