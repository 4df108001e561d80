package org.opensafeguarding.platform.openapi;

import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;

/**
 * The parts of every service's OpenAPI document that are the same everywhere: who and what (title, version,
 * contact, licence), the bearer-token scheme, the problem JSON schema, and the answers every operation can give
 * ({@link CommonResponses}).
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(OpenApiCustomizer.class)
@EnableConfigurationProperties(ApiDocumentProperties.class)
public class ApiDocumentAutoConfiguration {

    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    OpenApiCustomizer apiDescription(ApiDocumentProperties properties, Environment environment) {
        return new ApiDescription(properties, environment.getProperty("spring.application.name", "service"));
    }

    /** Last, so it sees every operation as the other customizers left it. */
    @Bean
    @Order(Ordered.LOWEST_PRECEDENCE)
    OpenApiCustomizer commonResponses() {
        return new CommonResponses();
    }
}
