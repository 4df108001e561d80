package org.opensafeguarding.web;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.net.URI;
import java.time.Duration;

/**
 * @param workflowUrl   the workflow service's API
 * @param reportingUrl  the reporting service's API
 * @param canonicalHost when set, requests for another host name of this machine (e.g. {@code localhost}) are sent
 *                      here first, so the sign-in's session cookie and the provider's redirect meet on one host
 * @param timeout       how long a page waits for an API before it says so
 */
@ConfigurationProperties("safeguarding.web")
public record WebProperties(URI workflowUrl, URI reportingUrl, String canonicalHost, Duration timeout) {

    public WebProperties {
        workflowUrl = workflowUrl == null ? URI.create("http://localhost:8081") : workflowUrl;
        reportingUrl = reportingUrl == null ? URI.create("http://localhost:8082") : reportingUrl;
        canonicalHost = canonicalHost == null || canonicalHost.isBlank() ? null : canonicalHost;
        timeout = timeout == null ? Duration.ofSeconds(20) : timeout;
    }
}
