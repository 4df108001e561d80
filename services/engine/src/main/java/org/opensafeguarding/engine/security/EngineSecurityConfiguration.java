package org.opensafeguarding.engine.security;

import org.opensafeguarding.engine.config.EngineProperties;
import org.opensafeguarding.engine.grpc.GrpcAuthentication;
import org.opensafeguarding.identity.access.AccessMatrix;
import org.opensafeguarding.identity.access.IdentityConverter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.web.firewall.StrictHttpFirewall;

/**
 * The engine's side of security. REST and management are protected by the identity module's resource server
 * ({@code safeguarding.security.service=engine}, set by the engine's environment); this adds the same check to the
 * gRPC gateway with the same token decoder, claim reading and matrix, and says loudly at start when security is
 * off or the testing endpoints are on.
 */
@Configuration(proxyBeanMethods = false)
public class EngineSecurityConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(EngineSecurityConfiguration.class);

    public static final String TESTING_WARNING = "TESTING ENDPOINTS ENABLED: the clock can be moved and all data "
            + "purged by any ENGINE_OPERATOR/WORKFLOW_SERVICE token; never on real data";

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(name = "engine.security.enabled", havingValue = "true", matchIfMissing = true)
    static class Secured {

        /** The decoder, converter and matrix are the resource server's beans: one verifier for both protocols. */
        @Bean
        GrpcAuthentication grpcAuthentication(JwtDecoder decoder, IdentityConverter converter, AccessMatrix matrix,
                                              EngineProperties properties) {
            LOG.info("Engine security on: bearer tokens from {} required on REST, management and gRPC",
                    properties.getSecurity().getIssuerUri());
            return new GrpcAuthentication(decoder, converter, matrix);
        }

        /**
         * No Micrometer observation around every security filter, authentication and authorization of every
         * request: the engine records no per-request HTTP observations either (EngineApplication), and on the hot
         * endpoints they cost more than verifying the token.
         */
        @Bean
        SecurityObservationSettings securityObservationSettings() {
            return SecurityObservationSettings.noObservations();
        }

        /**
         * Spring Security's strict firewall with the same header rules (Unicode-assigned, no control characters;
         * a tab allowed in values) checked by a loop instead of a regular expression: the default runs a Unicode
         * class regex over every header each time it is read, the bearer token's ~1 KB included. Everything else
         * is the default.
         */
        @Bean
        StrictHttpFirewall httpFirewall() {
            StrictHttpFirewall firewall = new StrictHttpFirewall();
            firewall.setAllowedHeaderNames(name -> HeaderChecks.assignedWithoutControls(name, false));
            firewall.setAllowedHeaderValues(value -> HeaderChecks.assignedWithoutControls(value, true));
            return firewall;
        }

        /** Spring's default bearer token resolver, without its regular expression over the token. */
        @Bean
        BearerTokenResolver bearerTokenResolver() {
            return HeaderChecks.bearerTokenResolver();
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(name = "engine.security.enabled", havingValue = "false")
    static class Unsecured {

        Unsecured(EngineProperties properties) {
            LOG.warn("ENGINE SECURITY DISABLED (engine.security.enabled=false): REST, management and gRPC on {} "
                    + "accept every caller without a token. Only for the engine's own conformance tests; never on "
                    + "real data.", properties.getBindAddress());
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(name = "engine.testing.enabled", havingValue = "true")
    static class TestingEndpoints {

        TestingEndpoints() {
            LOG.warn(TESTING_WARNING);
        }
    }
}
