package org.opensafeguarding.web.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.observation.ObservationRegistry;
import org.opensafeguarding.web.WebProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.web.client.OAuth2ClientHttpRequestInterceptor;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.util.UriBuilder;

import java.io.IOException;
import java.net.URI;
import java.util.Map;
import java.util.function.Function;

/**
 * Calls the workflow and reporting APIs as the signed-in person: their access token (refreshed when it has run
 * out) is the only credential, so each service applies its own access rules and audit to every call.
 */
@Component
public class Backend {

    /** The registration the person signed in through (web.yml). */
    public static final String REGISTRATION = "safeguarding";

    private final Map<Api, RestClient> clients;
    private final Map<Api, URI> bases;
    private final ApiCapabilities capabilities;
    private final ObjectMapper json;

    Backend(WebProperties properties, OAuth2AuthorizedClientManager authorizedClients, ApiCapabilities capabilities,
            ObjectMapper json, ObjectProvider<ObservationRegistry> observations) {
        this.json = json;
        this.capabilities = capabilities;
        this.bases = Map.of(Api.WORKFLOW, properties.workflowUrl(), Api.REPORTING, properties.reportingUrl());
        OAuth2ClientHttpRequestInterceptor bearer = new OAuth2ClientHttpRequestInterceptor(authorizedClients);
        bearer.setClientRegistrationIdResolver(request -> REGISTRATION);
        SimpleClientHttpRequestFactory requests = new SimpleClientHttpRequestFactory();
        requests.setConnectTimeout(properties.timeout());
        requests.setReadTimeout(properties.timeout());
        // http.client.requests on the management port: a service the pages cannot reach shows as its status and
        // outcome (the URI tag stays "none": the calls name cases, and are built without a template)
        ObservationRegistry registry = observations.getIfAvailable(() -> ObservationRegistry.NOOP);
        this.clients = Map.of(
                Api.WORKFLOW, client(properties.workflowUrl(), bearer, requests, registry),
                Api.REPORTING, client(properties.reportingUrl(), bearer, requests, registry));
    }

    private static RestClient client(URI base, OAuth2ClientHttpRequestInterceptor bearer,
            SimpleClientHttpRequestFactory requests, ObservationRegistry observations) {
        return RestClient.builder().baseUrl(base.toString()).requestFactory(requests).requestInterceptor(bearer)
                .observationRegistry(observations).build();
    }

    /**
     * An operation of the shared contract that a service may not have yet: answered "not offered" (501) without a
     * call when the service's API document lacks it, so the page can say the part is not available yet.
     */
    public ApiAnswer optional(Api api, HttpMethod method, String template, Function<UriBuilder, URI> uri, Object body) {
        if (!capabilities.offers(api, method.name(), template)) {
            return ApiAnswer.notOffered();
        }
        return call(api, method, uri, body, MediaType.APPLICATION_JSON_VALUE, Map.of());
    }

    public ApiAnswer optional(Api api, HttpMethod method, String template, String path, Object body) {
        return optional(api, method, template, b -> b.path(path).build(), body);
    }

    public ApiAnswer get(Api api, Function<UriBuilder, URI> uri) {
        return call(api, HttpMethod.GET, uri, null, MediaType.APPLICATION_JSON_VALUE, Map.of());
    }

    public ApiAnswer get(Api api, String path) {
        return get(api, b -> b.path(path).build());
    }

    public ApiAnswer send(Api api, HttpMethod method, String path, Object body) {
        return call(api, method, b -> b.path(path).build(), body, MediaType.APPLICATION_JSON_VALUE, Map.of());
    }

    public ApiAnswer call(Api api, HttpMethod method, Function<UriBuilder, URI> uri, Object body, String accept,
            Map<String, String> headers) {
        URI target = uri.apply(org.springframework.web.util.UriComponentsBuilder.fromUri(bases.get(api)));
        RestClient.RequestBodySpec request = clients.get(api).method(method).uri(target).header(HttpHeaders.ACCEPT, accept);
        headers.forEach(request::header);
        if (body != null) {
            request.contentType(MediaType.APPLICATION_JSON).body(body);
        }
        return request.exchange((req, res) -> {
            byte[] raw = res.getBody().readAllBytes();
            MediaType type = res.getHeaders().getContentType();
            return new ApiAnswer(res.getStatusCode().value(), parse(raw, type), raw,
                    type == null ? null : type.toString());
        });
    }

    private JsonNode parse(byte[] raw, MediaType type) {
        if (raw.length == 0 || type == null || !type.getSubtype().contains("json")) {
            return null;
        }
        try {
            return json.readTree(raw);
        } catch (IOException notJson) {
            return null;
        }
    }
}
