package org.opensafeguarding.web.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.opensafeguarding.identity.access.AccessDenials;
import org.opensafeguarding.identity.access.AccessMatrix;
import org.opensafeguarding.identity.access.IdentityConverter;
import org.opensafeguarding.identity.access.ResourceServerSecurity;
import org.opensafeguarding.identity.access.SecurityProperties;
import org.opensafeguarding.identity.access.TokenDecoders;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The actuator's paths are for machines, not people: a scraper has no session to sign in with, so they get the
 * services' stateless bearer-token check (the {@code web-management} section of the access matrix) on a chain of
 * their own, ahead of the pages' sign-in chain. The actuator listens on the management port only (web.yml), so on
 * the pages' port these paths answer 404 once the token passes.
 */
@Configuration
@EnableConfigurationProperties(SecurityProperties.class)
public class WebManagementSecurity {

    static final String MATRIX_SECTION = "web-management";

    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    SecurityFilterChain management(HttpSecurity http, SecurityProperties properties,
            ObjectProvider<AccessDenials> denials, ObjectMapper json) throws Exception {
        http.securityMatcher("/actuator/**");
        return ResourceServerSecurity.bearerTokensByMatrix(http, AccessMatrix.load().service(MATRIX_SECTION),
                TokenDecoders.forProperties(properties), new IdentityConverter(properties), denials, json).build();
    }
}
