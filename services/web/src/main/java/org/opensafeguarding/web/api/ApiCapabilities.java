package org.opensafeguarding.web.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.opensafeguarding.web.WebProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which operations each service offers, from its public OpenAPI document. The services answer an operation they
 * do not have with the access matrix's 403 (no rule, nobody may call it), which a page cannot tell from "not for
 * your role"; the document can. A page then says the part is not available yet instead of "not allowed". When the
 * document cannot be read, every operation is taken as offered and the service's own answer stands.
 */
@Component
public class ApiCapabilities {

    private static final Logger log = LoggerFactory.getLogger(ApiCapabilities.class);
    private static final Duration FRESH = Duration.ofMinutes(1);

    private record Known(java.util.Set<String> operations, Instant readAt) {
    }

    private final Map<Api, URI> documents;
    private final Map<Api, Known> known = new ConcurrentHashMap<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json;

    ApiCapabilities(WebProperties properties, ObjectMapper json) {
        this.json = json;
        this.documents = Map.of(Api.WORKFLOW, properties.workflowUrl().resolve("/v3/api-docs"),
                Api.REPORTING, properties.reportingUrl().resolve("/v3/api-docs"));
    }

    /**
     * @param template the operation's path as the contract writes it ({@code /api/tasks/{taskKey}/draft}); variable
     *                 names need not match the document's
     */
    public boolean offers(Api api, String method, String template) {
        Known k = known.get(api);
        if (k == null || k.readAt().plus(FRESH).isBefore(Instant.now())) {
            Known read = read(api);
            if (read != null) {
                known.put(api, read);
                k = read;
            }
        }
        if (k == null) {
            return true;
        }
        return k.operations().contains(key(method, template));
    }

    private static String key(String method, String template) {
        return method.toUpperCase(Locale.ROOT) + " " + template.replaceAll("\\{[^}]+}", "{}");
    }

    private Known read(Api api) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(documents.get(api)).timeout(Duration.ofSeconds(10))
                    .header("Accept", "application/json").build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                return null;
            }
            java.util.Set<String> operations = new java.util.HashSet<>();
            JsonNode paths = json.readTree(r.body()).path("paths");
            paths.fields().forEachRemaining(p -> p.getValue().fieldNames()
                    .forEachRemaining(method -> operations.add(key(method, p.getKey()))));
            return new Known(operations, Instant.now());
        } catch (Exception e) {
            log.debug("The API document of {} could not be read: {}", api, e.getMessage());
            return null;
        }
    }
}
