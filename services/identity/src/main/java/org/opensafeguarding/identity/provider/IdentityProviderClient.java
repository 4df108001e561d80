package org.opensafeguarding.identity.provider;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.web.util.HtmlUtils;

/**
 * Gets tokens from an OIDC provider the way real clients do: client credentials for a machine, and for a person
 * the authorization-code flow with PKCE through the provider's own login form, as a browser would (cookies, the
 * CSRF field, redirects). For tests and local smoke checks against {@link EmbeddedIdentityProvider}.
 */
public final class IdentityProviderClient {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Pattern CSRF_FIELD = Pattern.compile("<input[^>]*name=\"_csrf\"[^>]*>");
    private static final Pattern VALUE = Pattern.compile("value=\"([^\"]*)\"");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    /** What the token endpoint answered. {@code idToken} and {@code refreshToken} may be null. */
    public record TokenResponse(String accessToken, String idToken, String refreshToken, Duration expiresIn) {

        @Override
        public String toString() {
            return "TokenResponse[expiresIn=" + expiresIn + "]"; // tokens are credentials
        }
    }

    /** The provider said no: a refused login, an unknown client, a bad secret or grant. */
    public static final class RefusedException extends RuntimeException {
        private final int status;

        RefusedException(int status, String message) {
            super(message);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    private final URI issuer;
    private final HttpClient http = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER) // each hop is looked at: the last one must not be followed
            .connectTimeout(TIMEOUT)
            .build();

    public IdentityProviderClient(URI issuer) {
        this.issuer = issuer;
    }

    public TokenResponse clientCredentials(String clientId, String clientSecret) {
        String basic = Base64.getEncoder().encodeToString(
                (encode(clientId) + ":" + encode(clientSecret)).getBytes(StandardCharsets.UTF_8));
        return token(Map.of("grant_type", "client_credentials"), "Basic " + basic);
    }

    /**
     * Signs the user in through the login form and exchanges the code for tokens (scopes openid and profile).
     * The browser's last redirect, to {@code redirectUri}, is not followed: the code is read from it.
     */
    public TokenResponse authorizationCode(String clientId, URI redirectUri, String username, String password) {
        String verifier = randomToken();
        String state = randomToken();
        Map<String, String> query = new LinkedHashMap<>();
        query.put("response_type", "code");
        query.put("client_id", clientId);
        query.put("redirect_uri", redirectUri.toString());
        query.put("scope", "openid profile");
        query.put("state", state);
        query.put("code_challenge", challenge(verifier));
        query.put("code_challenge_method", "S256");
        URI authorize = URI.create(issuer + "/oauth2/authorize?" + form(query));
        URI callback = new Browser().signIn(authorize, username, password,
                uri -> uri.toString().startsWith(redirectUri.toString()));
        Map<String, String> answer = queryOf(callback);
        if (answer.containsKey("error") || !state.equals(answer.get("state")) || !answer.containsKey("code")) {
            throw new RefusedException(400, "the authorization request was refused: " + answer.get("error"));
        }
        Map<String, String> exchange = new LinkedHashMap<>();
        exchange.put("grant_type", "authorization_code");
        exchange.put("code", answer.get("code"));
        exchange.put("redirect_uri", redirectUri.toString());
        exchange.put("client_id", clientId);
        exchange.put("code_verifier", verifier);
        return token(exchange, null);
    }

    /** POSTs a form to the token endpoint and reads the token response. */
    TokenResponse token(Map<String, String> parameters, String authorization) {
        HttpResponse<String> response = postForm(URI.create(issuer + "/oauth2/token"), parameters, authorization);
        if (response.statusCode() != 200) {
            throw new RefusedException(response.statusCode(), "the token endpoint refused: "
                    + jsonOf(response.body()).getOrDefault("error", "HTTP " + response.statusCode()));
        }
        Map<String, Object> body = jsonOf(response.body());
        Object expiresIn = body.get("expires_in");
        return new TokenResponse((String) body.get("access_token"), (String) body.get("id_token"),
                (String) body.get("refresh_token"),
                expiresIn == null ? null : Duration.ofSeconds(((Number) expiresIn).longValue()));
    }

    HttpResponse<String> postForm(URI uri, Map<String, String> parameters, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form(parameters)));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return send(request.build());
    }

    static Map<String, Object> jsonOf(String body) {
        try {
            return JSON.readValue(body, new TypeReference<>() { });
        } catch (IOException notJson) {
            return Map.of();
        }
    }

    /** One browser session: a cookie jar and a login when the provider asks for one. */
    final class Browser {
        private final Map<String, String> cookies = new LinkedHashMap<>();

        /**
         * Follows redirects from {@code start}, signing in on the login form, until a redirect target matches
         * {@code stop} (returned without being requested) or a page is shown (its URI is returned).
         */
        URI signIn(URI start, String username, String password, Predicate<URI> stop) {
            URI next = start;
            boolean submitted = false;
            for (int hop = 0; hop < 20; hop++) {
                if (stop.test(next)) {
                    return next;
                }
                HttpResponse<String> page = request(HttpRequest.newBuilder(next).GET());
                if (isRedirect(page)) {
                    next = next.resolve(location(page));
                } else if (page.statusCode() == 200 && "/login".equals(next.getPath()) && !submitted) {
                    submitted = true;
                    next = login(page.body(), username, password);
                } else if (page.statusCode() == 200) {
                    return next;
                } else {
                    throw new RefusedException(page.statusCode(), "the provider answered " + page.statusCode()
                            + " at " + next.getPath());
                }
            }
            throw new IllegalStateException("too many redirects from " + start.getPath());
        }

        private URI login(String loginPage, String username, String password) {
            Matcher field = CSRF_FIELD.matcher(loginPage);
            Matcher value = field.find() ? VALUE.matcher(field.group()) : null;
            if (value == null || !value.find()) {
                throw new IllegalStateException("the login page has no _csrf field");
            }
            Map<String, String> form = new LinkedHashMap<>();
            form.put("username", username);
            form.put("password", password);
            form.put("_csrf", HtmlUtils.htmlUnescape(value.group(1)));
            HttpResponse<String> answer = request(HttpRequest.newBuilder(URI.create(issuer + "/login"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form(form))));
            URI target = isRedirect(answer) ? URI.create(issuer + "/login").resolve(location(answer)) : null;
            if (target == null || "/login".equals(target.getPath())) {
                // Spring Security sends a refused login back to /login?error; the reason is not told apart
                throw new RefusedException(401, "the login was refused");
            }
            return target;
        }

        private HttpResponse<String> request(HttpRequest.Builder request) {
            request.timeout(TIMEOUT).header("Accept", "text/html,application/xhtml+xml");
            if (!cookies.isEmpty()) {
                request.header("Cookie", cookies.entrySet().stream()
                        .map(c -> c.getKey() + "=" + c.getValue()).collect(Collectors.joining("; ")));
            }
            HttpResponse<String> response = send(request.build());
            for (String setCookie : response.headers().allValues("Set-Cookie")) {
                String pair = setCookie.split(";", 2)[0];
                int equals = pair.indexOf('=');
                if (equals > 0) {
                    cookies.put(pair.substring(0, equals).trim(), pair.substring(equals + 1).trim());
                }
            }
            return response;
        }
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("could not reach the identity provider at " + request.uri().getPath(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while talking to the identity provider", e);
        }
    }

    private static boolean isRedirect(HttpResponse<?> response) {
        return response.statusCode() / 100 == 3 && response.headers().firstValue("Location").isPresent();
    }

    private static String location(HttpResponse<?> response) {
        return response.headers().firstValue("Location").orElseThrow();
    }

    static Map<String, String> queryOf(URI uri) {
        Map<String, String> values = new LinkedHashMap<>();
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                String[] parts = pair.split("=", 2);
                values.put(URLDecoder.decode(parts[0], StandardCharsets.UTF_8),
                        parts.length > 1 ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : "");
            }
        }
        return values;
    }

    private static String form(Map<String, String> parameters) {
        return parameters.entrySet().stream().map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String randomToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String challenge(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
