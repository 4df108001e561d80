package org.opensafeguarding.platform.openapi;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Contact;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** Title, version, contact and licence, the bearer-token scheme on every operation, and the problem schema. */
final class ApiDescription implements OpenApiCustomizer {

    static final String SECURITY_SCHEME = "bearer";

    private final ApiDocumentProperties properties;
    private final String applicationName;

    ApiDescription(ApiDocumentProperties properties, String applicationName) {
        this.properties = properties;
        this.applicationName = applicationName;
    }

    @Override
    public void customise(OpenAPI openApi) {
        Info info = new Info()
                .title(properties.title() != null ? properties.title() : "Open Safeguarding " + applicationName + " API")
                .version(projectVersion())
                .description(properties.description())
                .contact(new Contact().name(properties.contactName()).url(properties.contactUrl())
                        .email(properties.contactEmail()))
                .license(new License().name(properties.licenceName()).url(properties.licenceUrl()));
        openApi.info(info);
        if (openApi.getComponents() == null) {
            openApi.components(new Components());
        }
        // the services are OAuth2 resource servers: every operation not public in the access matrix needs the token
        openApi.getComponents().addSecuritySchemes(SECURITY_SCHEME, new SecurityScheme()
                .type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("JWT")
                .description("An access token (JWT) from the partnership's identity provider, as Authorization: "
                        + "Bearer <token> (docs/security.md). Which roles may call which operation is the access "
                        + "matrix's decision; a call without a valid token is 401, one the roles do not allow 403."));
        openApi.setSecurity(null);
        openApi.addSecurityItem(new SecurityRequirement().addList(SECURITY_SCHEME));
        openApi.getComponents().addSchemas(ProblemSchema.NAME, ProblemSchema.schema());
    }

    static String projectVersion() {
        Properties build = new Properties();
        try (InputStream in = ApiDescription.class.getResourceAsStream("build.properties")) {
            if (in != null) {
                build.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String version = build.getProperty("version");
        // an unfiltered copy (an IDE build) says @project.version@; say so rather than pretend
        return version == null || version.startsWith("@") ? "unknown" : version;
    }
}
