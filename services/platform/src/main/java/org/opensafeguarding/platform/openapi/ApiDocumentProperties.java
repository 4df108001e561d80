package org.opensafeguarding.platform.openapi;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * What a service's OpenAPI document says about the service ({@code safeguarding.api.*}); the version is the
 * project's, from the build.
 *
 * @param title       the API's name; default: the application name and "API"
 * @param description what the API is for, in a sentence or two
 */
@ConfigurationProperties("safeguarding.api")
public record ApiDocumentProperties(String title, String description, String contactName, String contactUrl,
                                    String contactEmail, String licenceName, String licenceUrl) {

    public ApiDocumentProperties {
        contactName = contactName == null ? "Open Safeguarding" : contactName;
        contactUrl = contactUrl == null ? "https://opensafeguarding.org" : contactUrl;
        licenceName = licenceName == null ? "Apache-2.0" : licenceName;
        licenceUrl = licenceUrl == null ? "https://www.apache.org/licenses/LICENSE-2.0" : licenceUrl;
    }
}
