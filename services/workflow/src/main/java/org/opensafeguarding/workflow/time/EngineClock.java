package org.opensafeguarding.workflow.time;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.client.CredentialsProvider;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The engine's clock, read from its actuator endpoint at every call: in a replay the engine's clock is pinned and
 * moved day by day, and a cached offset would date a task completion by yesterday's pin. Only for the replay profile
 * ({@code safeguarding.clock.source=engine}), where one HTTP round trip per "now" is an acceptable price.
 *
 * <p>When the engine cannot be asked, the call fails: a silent fall-back to the system clock would write a 2026 date
 * into a 2013 case.
 */
final class EngineClock extends Clock {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI endpoint;
    private final Duration timeout;
    private final CredentialsProvider credentials;
    private final HttpClient http;
    private final ZoneId zone;

    EngineClock(URI endpoint, Duration timeout, CredentialsProvider credentials) {
        this(endpoint, timeout, credentials, HttpClient.newBuilder().connectTimeout(timeout).build(), ZoneOffset.UTC);
    }

    private EngineClock(URI endpoint, Duration timeout, CredentialsProvider credentials, HttpClient http, ZoneId zone) {
        this.endpoint = endpoint;
        this.timeout = timeout;
        this.credentials = credentials;
        this.http = http;
        this.zone = zone;
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return new EngineClock(endpoint, timeout, credentials, http, zone);
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis());
    }

    @Override
    public long millis() {
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint).timeout(timeout).GET();
        try {
            if (credentials != null) {
                credentials.applyCredentials(request::header);
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("the engine's clock answered " + response.statusCode() + " at " + endpoint
                        + " (safeguarding.clock.engine-url; the engine needs engine.testing.enabled)");
            }
            JsonNode body = JSON.readTree(response.body());
            JsonNode epochMilli = body.path("epochMilli");
            if (!epochMilli.canConvertToLong()) {
                throw new IllegalStateException("the engine's clock answer has no epochMilli");
            }
            return epochMilli.asLong();
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the engine's clock at " + endpoint, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the engine's clock", e);
        }
    }
}
