package org.opensafeguarding.reporting.alerts;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * HTTP POST of a structured-mode CloudEvent ({@code application/cloudevents+json}) to the tenant's URL. With a
 * secret, header {@value #SIGNATURE} carries {@code sha256=<hex HMAC-SHA256 of the body>}. Any answer but 2xx fails.
 */
public class WebhookChannel implements AlertChannel {

    public static final String SIGNATURE = "X-Safeguarding-Signature";

    private final AlertProperties.Webhook config;
    private final ObjectMapper json;
    private final HttpClient http;

    public WebhookChannel(AlertProperties.Webhook config, ObjectMapper json) {
        this.config = config;
        this.json = json;
        this.http = HttpClient.newBuilder().connectTimeout(config.timeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Override
    public String name() {
        return "WEBHOOK";
    }

    @Override
    public boolean configuredFor(String tenant, String team) {
        AlertProperties.Target t = config.tenants().get(tenant);
        return t != null && t.url() != null && !t.url().isBlank();
    }

    @Override
    public void send(Alert alert) throws Exception {
        AlertProperties.Target target = config.tenants().get(alert.tenant());
        if (target == null || target.url() == null || target.url().isBlank()) {
            throw new IllegalStateException("no webhook URL for tenant");
        }
        byte[] body = cloudEvent(alert);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target.url())).timeout(config.timeout())
                .header("Content-Type", "application/cloudevents+json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (target.secret() != null && !target.secret().isBlank()) {
            request.header(SIGNATURE, "sha256=" + hmac(target.secret(), body));
        }
        HttpResponse<Void> answer = http.send(request.build(), HttpResponse.BodyHandlers.discarding());
        if (answer.statusCode() / 100 != 2) {
            throw new IllegalStateException("webhook answered HTTP " + answer.statusCode());
        }
    }

    byte[] cloudEvent(Alert alert) throws Exception {
        ObjectNode e = json.createObjectNode();
        e.put("specversion", "1.0");
        // stable across retries and restarts: the receiver can drop a repeat
        e.put("id", HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(alert.key().getBytes(StandardCharsets.UTF_8))));
        e.put("source", "urn:opensafeguarding:reporting");
        e.put("type", "org.opensafeguarding.reporting.alert." + alert.kind().code());
        e.put("time", alert.raisedAt().toString());
        e.put("datacontenttype", "application/json");
        e.set("data", json.readTree(alert.payload()));
        return json.writeValueAsBytes(e);
    }

    public static String hmac(String secret, byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(body));
    }
}
