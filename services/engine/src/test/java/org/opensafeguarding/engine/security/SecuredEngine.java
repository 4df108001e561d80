package org.opensafeguarding.engine.security;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.opensafeguarding.engine.EmbeddedEngine;
import org.opensafeguarding.engine.EngineSettings;
import org.opensafeguarding.engine.RunningEngine;
import org.opensafeguarding.testkit.EmbeddedPostgresSupport;
import org.opensafeguarding.testkit.TestIdentity;

/**
 * Engines with security on, trusting the test JVM's identity provider ({@link TestIdentity}): the settings a real
 * deployment has, plus the testing endpoints where a test needs them.
 */
final class SecuredEngine {

    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    private SecuredEngine() {
    }

    static EngineSettings settings(boolean testingEndpoints) {
        EngineSettings settings = EngineSettings.forDatabase(EmbeddedPostgresSupport.newDatabase("engine_secured"),
                        EmbeddedPostgresSupport.username(), EmbeddedPostgresSupport.password())
                .withProperty("engine.security.issuer-uri", TestIdentity.shared().issuer().toString());
        return testingEndpoints ? settings.withProperty("engine.testing.enabled", "true") : settings;
    }

    static RunningEngine start(boolean testingEndpoints) {
        return EmbeddedEngine.start(settings(testingEndpoints));
    }

    /** One request with an optional bearer token (no body: the matrix tests only look at who gets through). */
    static HttpResponse<String> send(URI base, String method, String path, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(method + " " + base + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
