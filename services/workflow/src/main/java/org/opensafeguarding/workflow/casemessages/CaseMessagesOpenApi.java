package org.opensafeguarding.workflow.casemessages;

import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import org.opensafeguarding.workflow.tasklist.HeaderCallerIdentity;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The interim identity headers on every case-messages operation in the OpenAPI document, as on the tasklist's. */
@Configuration(proxyBeanMethods = false)
class CaseMessagesOpenApi {

    @Bean
    OpenApiCustomizer caseMessagesIdentityHeaders() {
        return api -> api.getPaths().forEach((path, item) -> {
            if (path.startsWith("/api/cases/")) {
                item.readOperations().forEach(operation -> {
                    operation.addParametersItem(new HeaderParameter().name(HeaderCallerIdentity.USER_HEADER)
                            .required(true).schema(new StringSchema())
                            .description("Interim identity until OIDC: the caller's user id (staff identifier)"));
                    operation.addParametersItem(new HeaderParameter().name(HeaderCallerIdentity.GROUPS_HEADER)
                            .required(false).schema(new StringSchema())
                            .description("Interim identity until OIDC: the caller's candidate groups, comma-separated"));
                });
            }
        });
    }
}
