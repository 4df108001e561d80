package org.opensafeguarding.identity.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

@ExtendWith(OutputCaptureExtension.class)
class EmbeddedIdentityProviderTest {

    private static final URI CALLBACK = URI.create("http://127.0.0.1/callback");
    private static final String PASSWORD = "correct horse battery staple";
    private static final String DISPLAY_NAME = "Lorna Ado";

    private static RunningIdentityProvider provider;
    private static IdentityProviderClient client;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        provider = EmbeddedIdentityProvider.start(IdentityProviderSettings.defaults()
                .withAccessTokenTtl(Duration.ofMinutes(10))
                .withUsers(List.of(new DirectoryUser("lado1", PASSWORD, DISPLAY_NAME, Set.of("LADO_OFFICER"),
                        Set.of("lado"), Set.of("ESX"))))
                .withClients(List.of(
                        DirectoryClient.machine("mash", "mash-secret", Set.of("INTEGRATION"), Set.of("ESX", "BHC")),
                        DirectoryClient.browser("web", Set.of(CALLBACK.toString())),
                        DirectoryClient.cli("cli"))));
        client = new IdentityProviderClient(provider.issuer());
    }

    @AfterAll
    static void stop() {
        provider.close();
    }

    @Test
    void publishesDiscoveryForItsExactIssuer() throws Exception {
        assertThat(provider.issuer().toString()).matches("http://127\\.0\\.0\\.1:\\d+");

        Map<String, Object> discovery = getJson(provider.issuer() + "/.well-known/openid-configuration");

        assertThat(discovery).containsEntry("issuer", provider.issuer().toString())
                .containsEntry("token_endpoint", provider.tokenEndpoint().toString())
                .containsEntry("jwks_uri", provider.jwkSetUri().toString())
                .containsEntry("userinfo_endpoint", provider.issuer() + "/userinfo")
                .containsEntry("device_authorization_endpoint", provider.issuer() + "/oauth2/device_authorization");
        assertThat(getJson(provider.jwkSetUri().toString()).get("keys")).asList().hasSize(1);
    }

    @Test
    void machineGetsASignedTokenWithItsRolesAndTenants() {
        IdentityProviderClient.TokenResponse response = client.clientCredentials("mash", "mash-secret");

        Jwt token = decoder(provider).decode(response.accessToken());
        assertThat(token.getHeaders()).containsEntry("alg", "RS256").containsKey("kid");
        assertThat(token.getIssuer().toString()).isEqualTo(provider.issuer().toString());
        assertThat(token.getSubject()).isEqualTo("mash");
        assertThat(token.getClaimAsStringList("roles")).containsExactly("INTEGRATION");
        assertThat(token.getClaimAsStringList("tenants")).containsExactly("BHC", "ESX");
        assertThat(token.getClaimAsStringList("groups")).isEmpty();
        assertThat(token.getClaimAsString("client_id")).isEqualTo("mash");
        assertThat(Duration.between(token.getIssuedAt(), token.getExpiresAt())).isEqualTo(Duration.ofMinutes(10));
        assertThat(token.getExpiresAt()).isAfter(Instant.now());
    }

    @Test
    void personSignsInThroughTheLoginFormWithPkce(CapturedOutput output) throws Exception {
        IdentityProviderClient.TokenResponse response = client.authorizationCode("web", CALLBACK, "lado1", PASSWORD);

        Jwt access = decoder(provider).decode(response.accessToken());
        assertThat(access.getSubject()).isEqualTo("lado1");
        assertThat(access.getClaimAsStringList("roles")).containsExactly("LADO_OFFICER");
        assertThat(access.getClaimAsStringList("groups")).containsExactly("lado");
        assertThat(access.getClaimAsStringList("tenants")).containsExactly("ESX");
        assertThat(access.getClaimAsString("client_id")).isEqualTo("web");
        assertThat(access.getClaims()).doesNotContainKey("name");
        assertThat(response.refreshToken()).as("none for a public client in this flow").isNull();

        Jwt id = decoder(provider).decode(response.idToken());
        assertThat(id.getClaimAsString("name")).isEqualTo(DISPLAY_NAME);
        assertThat(id.getClaimAsStringList("roles")).containsExactly("LADO_OFFICER");

        HttpResponse<String> userInfo = HTTP.send(HttpRequest.newBuilder(URI.create(provider.issuer() + "/userinfo"))
                .header("Authorization", "Bearer " + response.accessToken()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(userInfo.statusCode()).isEqualTo(200);
        assertThat(IdentityProviderClient.jsonOf(userInfo.body())).containsEntry("sub", "lado1")
                .containsEntry("name", DISPLAY_NAME).containsEntry("tenants", List.of("ESX"));

        assertThat(output.getAll()).doesNotContain(PASSWORD).doesNotContain(DISPLAY_NAME);
    }

    @Test
    void sessionCookieHasItsOwnName() throws Exception {
        HttpResponse<String> authorize = HTTP.send(HttpRequest.newBuilder(URI.create(provider.issuer()
                + "/oauth2/authorize?response_type=code&client_id=web&scope=openid&redirect_uri=" + CALLBACK
                + "&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256"))
                .header("Accept", "text/html").build(), HttpResponse.BodyHandlers.ofString());

        assertThat(authorize.statusCode()).isEqualTo(302);
        assertThat(authorize.headers().firstValue("Location")).hasValue(provider.issuer() + "/login");
        assertThat(authorize.headers().allValues("Set-Cookie"))
                .anyMatch(cookie -> cookie.startsWith(EmbeddedIdentityProvider.SESSION_COOKIE + "="));
    }

    @Test
    void publicClientMustUsePkce() {
        URI withoutChallenge = URI.create(provider.issuer() + "/oauth2/authorize?response_type=code&client_id=web"
                + "&scope=openid&state=s1&redirect_uri=" + CALLBACK);

        URI callback = client.new Browser().signIn(withoutChallenge, "lado1", PASSWORD,
                uri -> uri.toString().startsWith(CALLBACK.toString()));

        assertThat(IdentityProviderClient.queryOf(callback)).containsEntry("error", "invalid_request")
                .doesNotContainKey("code");
    }

    @Test
    void wrongPasswordIsRefused() {
        assertThatThrownBy(() -> client.authorizationCode("web", CALLBACK, "lado1", "not the password"))
                .isInstanceOfSatisfying(IdentityProviderClient.RefusedException.class,
                        refused -> assertThat(refused.status()).isEqualTo(401));
        assertThatThrownBy(() -> client.authorizationCode("web", CALLBACK, "nobody", PASSWORD))
                .isInstanceOf(IdentityProviderClient.RefusedException.class);
    }

    @Test
    void unknownClientOrWrongSecretIsRefused() {
        assertThatThrownBy(() -> client.clientCredentials("nobody", "mash-secret"))
                .isInstanceOfSatisfying(IdentityProviderClient.RefusedException.class,
                        refused -> assertThat(refused.status()).isEqualTo(401));
        assertThatThrownBy(() -> client.clientCredentials("mash", "wrong"))
                .isInstanceOfSatisfying(IdentityProviderClient.RefusedException.class,
                        refused -> assertThat(refused.status()).isEqualTo(401));
        assertThatThrownBy(() -> client.authorizationCode("nobody", CALLBACK, "lado1", PASSWORD))
                .isInstanceOfSatisfying(IdentityProviderClient.RefusedException.class,
                        refused -> assertThat(refused.status()).isEqualTo(400));
        // a public client cannot pass itself off as a machine
        assertThatThrownBy(() -> client.token(Map.of("grant_type", "client_credentials", "client_id", "cli"), null))
                .isInstanceOf(IdentityProviderClient.RefusedException.class);
    }

    @Test
    void usersAndClientsCanBeAddedWhileRunning() {
        provider.addUser(new DirectoryUser("cdop1", PASSWORD, null, Set.of("CDOP_COORDINATOR"), Set.of(), Set.of("ESX")));
        provider.addClient(DirectoryClient.machine("police", "police-secret", Set.of("INTEGRATION"), Set.of("ESX")));

        assertThat(decoder(provider).decode(client.authorizationCode("web", CALLBACK, "cdop1", PASSWORD).accessToken())
                .getClaimAsStringList("roles")).containsExactly("CDOP_COORDINATOR");
        assertThat(decoder(provider).decode(client.clientCredentials("police", "police-secret").accessToken())
                .getSubject()).isEqualTo("police");
    }

    @Test
    void commandLineSignsInWithTheDeviceFlow() {
        HttpResponse<String> started = client.postForm(URI.create(provider.issuer() + "/oauth2/device_authorization"),
                Map.of("client_id", "cli", "scope", "profile"), null); // openid is refused: no ID token here
        assertThat(started.statusCode()).as(started.body()).isEqualTo(200);
        Map<String, Object> device = IdentityProviderClient.jsonOf(started.body());

        // the person opens the plain verification URI, signs in, is shown where to type the code, and types it
        IdentityProviderClient.Browser browser = client.new Browser();
        URI form = browser.signIn(URI.create((String) device.get("verification_uri")), "lado1", PASSWORD, uri -> false);
        assertThat(form.getPath()).isEqualTo("/oauth2/device_verification");
        URI typed = URI.create(provider.issuer() + form.getPath() + "?user_code=" + device.get("user_code"));
        URI done = browser.signIn(typed, "lado1", PASSWORD, uri -> false);
        assertThat(done.getQuery()).isEqualTo("success"); // no consent page in between

        IdentityProviderClient.TokenResponse response = client.token(Map.of(
                "grant_type", "urn:ietf:params:oauth:grant-type:device_code",
                "device_code", (String) device.get("device_code"), "client_id", "cli"), null);
        Jwt access = decoder(provider).decode(response.accessToken());
        assertThat(access.getSubject()).isEqualTo("lado1");
        assertThat(access.getClaimAsStringList("roles")).containsExactly("LADO_OFFICER");
        assertThat(access.getClaimAsString("client_id")).isEqualTo("cli");

        IdentityProviderClient.TokenResponse refreshed = client.token(Map.of("grant_type", "refresh_token",
                "refresh_token", response.refreshToken(), "client_id", "cli"), null);
        assertThat(decoder(provider).decode(refreshed.accessToken()).getSubject()).isEqualTo("lado1");
        // a browser client cannot use the CLI's way in
        assertThatThrownBy(() -> client.token(Map.of("grant_type", "refresh_token",
                "refresh_token", refreshed.refreshToken(), "client_id", "web"), null))
                .isInstanceOf(IdentityProviderClient.RefusedException.class);
    }

    @Test
    void keyFileKeepsTokensValidAcrossRestarts(@TempDir Path folder) throws Exception {
        Path keyFile = folder.resolve("secrets").resolve("idp-signing-key.json");
        IdentityProviderSettings settings = IdentityProviderSettings.defaults().withKeyFile(keyFile)
                .withClients(List.of(DirectoryClient.machine("mash", "mash-secret", Set.of("INTEGRATION"), Set.of())));
        String token;
        String keyId;
        int port;
        try (RunningIdentityProvider first = EmbeddedIdentityProvider.start(settings)) {
            token = new IdentityProviderClient(first.issuer()).clientCredentials("mash", "mash-secret").accessToken();
            keyId = decoder(first).decode(token).getHeaders().get("kid").toString();
            port = first.issuer().getPort();
        }
        if (Files.getFileStore(keyFile).supportsFileAttributeView("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
        }

        try (RunningIdentityProvider second = EmbeddedIdentityProvider.start(settings.withPort(port))) {
            Map<String, Object> jwks = getJson(second.jwkSetUri().toString());
            assertThat(jwks.get("keys")).asList().singleElement().asInstanceOf(
                    org.assertj.core.api.InstanceOfAssertFactories.MAP).containsEntry("kid", keyId);
            assertThat(decoder(second).decode(token).getSubject()).isEqualTo("mash");
        }
    }

    @Test
    void tokenSignedWithAnotherKeyIsRefused() throws Exception {
        try (RunningIdentityProvider other = EmbeddedIdentityProvider.start(IdentityProviderSettings.defaults()
                .withClients(List.of(DirectoryClient.machine("mash", "s", Set.of(), Set.of()))))) {
            String foreign = new IdentityProviderClient(other.issuer()).clientCredentials("mash", "s").accessToken();
            assertThatThrownBy(() -> NimbusJwtDecoder.withJwkSetUri(provider.jwkSetUri().toString()).build()
                    .decode(foreign)).isInstanceOf(BadJwtException.class);
        }
    }

    private static NimbusJwtDecoder decoder(RunningIdentityProvider p) {
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(p.jwkSetUri().toString()).build();
        decoder.setJwtValidator(JwtValidators.createDefaultWithIssuer(p.issuer().toString()));
        return decoder;
    }

    private static Map<String, Object> getJson(String uri) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(uri)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return IdentityProviderClient.jsonOf(response.body());
    }
}
