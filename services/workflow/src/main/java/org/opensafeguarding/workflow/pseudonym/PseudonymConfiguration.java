package org.opensafeguarding.workflow.pseudonym;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PseudonymProperties.class)
class PseudonymConfiguration {

    @Bean
    Pseudonymiser pseudonymiser(PseudonymProperties properties) {
        return Pseudonymiser.fromProperties(properties);
    }
}
