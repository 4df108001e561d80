package org.opensafeguarding.testkit;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.opensafeguarding.identity.provider.DirectoryClient;
import org.opensafeguarding.identity.provider.DirectoryUser;
import org.opensafeguarding.identity.provider.EmbeddedIdentityProvider;
import org.opensafeguarding.identity.provider.IdentityProviderClient;
import org.opensafeguarding.identity.provider.IdentityProviderSettings;
import org.opensafeguarding.identity.provider.RunningIdentityProvider;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * One real OIDC provider per test JVM (started on first use, on a free port at 127.0.0.1), and tokens from it
 * obtained the way real clients get them, so a service under test verifies them exactly as it would in production.
 * Tokens are cached per user and claims, and reused until five minutes before they expire. Needs the
 * {@code identity} module on the test classpath.
 */
public final class TestIdentity {

    /** The public browser client every user token is obtained through. */
    public static final String WEB_CLIENT = "test-web";
    private static final URI CALLBACK = URI.create("http://127.0.0.1/callback");
    private static final Duration TOKEN_TTL = Duration.ofHours(1);
    private static final Duration REFRESH_BEFORE_EXPIRY = Duration.ofMinutes(5);
    private static final SecureRandom RANDOM = new SecureRandom();

    private static volatile TestIdentity shared;

    private record Cached(String token, Instant expiresAt) {
        boolean fresh() {
            return Instant.now().isBefore(expiresAt.minus(REFRESH_BEFORE_EXPIRY));
        }
    }

    private record Registration(String secret, Set<String> roles, Set<String> groups, Set<String> tenants) {
    }

    private final RunningIdentityProvider provider;
    private final IdentityProviderClient client;
    private final Map<String, Registration> users = new ConcurrentHashMap<>();
    private final Map<String, Registration> clients = new ConcurrentHashMap<>();
    private final Map<List<Object>, Cached> tokens = new ConcurrentHashMap<>();
    private volatile RSAKey foreignKey;

    private TestIdentity(RunningIdentityProvider provider) {
        this.provider = provider;
        this.client = new IdentityProviderClient(provider.issuer());
    }

    public static TestIdentity shared() {
        TestIdentity s = shared;
        if (s == null) {
            synchronized (TestIdentity.class) {
                s = shared;
                if (s == null) {
                    RunningIdentityProvider started = EmbeddedIdentityProvider.start(IdentityProviderSettings.defaults()
                            .withAccessTokenTtl(TOKEN_TTL)
                            .withClients(List.of(DirectoryClient.browser(WEB_CLIENT, Set.of(CALLBACK.toString())))));
                    Runtime.getRuntime().addShutdownHook(new Thread(started::close, "test-identity-stop"));
                    s = new TestIdentity(started);
                    shared = s;
                }
            }
        }
        return s;
    }

    /** Points a resource server under test at the shared provider. */
    public static void register(DynamicPropertyRegistry registry) {
        registry.add("safeguarding.security.issuer-uri", () -> shared().issuer().toString());
    }

    public URI issuer() {
        return provider.issuer();
    }

    public URI tokenEndpoint() {
        return provider.tokenEndpoint();
    }

    /** The provider itself, for tests that need to add their own clients or users. */
    public RunningIdentityProvider provider() {
        return provider;
    }

    /**
     * An access token for the user with these claims, from the real authorization-code flow with PKCE through the
     * login form. The user is registered on first use, and again if the claims asked for change.
     */
    public String userToken(String username, Set<String> roles, Set<String> groups, Set<String> tenants) {
        List<Object> key = List.of("user", username, sorted(roles), sorted(groups), sorted(tenants));
        Cached cached = tokens.get(key);
        if (cached != null && cached.fresh()) {
            return cached.token();
        }
        // one sign-in at a time: a user's registration and the login that relies on it must not interleave
        synchronized (this) {
            cached = tokens.get(key);
            if (cached == null || !cached.fresh()) {
                String password = register(users, username, roles, groups, tenants, registration ->
                        provider.addUser(new DirectoryUser(username, registration.secret(), "Test user " + username,
                                roles, groups, tenants)));
                cached = cache(key, client.authorizationCode(WEB_CLIENT, CALLBACK, username, password));
            }
            return cached.token();
        }
    }

    /** An access token for a confidential client with these claims, from the real client-credentials grant. */
    public String clientToken(String clientId, Set<String> roles, Set<String> tenants) {
        List<Object> key = List.of("client", clientId, sorted(roles), sorted(tenants));
        Cached cached = tokens.get(key);
        if (cached != null && cached.fresh()) {
            return cached.token();
        }
        synchronized (this) {
            cached = tokens.get(key);
            if (cached == null || !cached.fresh()) {
                cached = cache(key, client.clientCredentials(clientId, registerClient(clientId, roles, tenants)));
            }
            return cached.token();
        }
    }

    /**
     * Registers a confidential client-credentials client and returns its secret, for configuring a service under
     * test that gets its own tokens. The same id keeps the same secret; new claims replace the old ones.
     */
    public String registerClient(String clientId, Set<String> roles, Set<String> tenants) {
        synchronized (this) {
            return register(clients, clientId, roles, Set.of(), tenants, registration ->
                    provider.addClient(DirectoryClient.machine(clientId, registration.secret(), roles, tenants)));
        }
    }

    /** A user token that expired an hour ago, signed with the provider's real key: only the expiry is wrong. */
    public String expiredUserToken(String username, Set<String> roles, Set<String> groups, Set<String> tenants) {
        Instant issued = Instant.now().minus(Duration.ofHours(2));
        return provider.signForTests(userClaims(issuer().toString(), username, roles, groups, tenants, issued));
    }

    /** A well-formed RS256 user token from another issuer, signed with another key: it must be refused. */
    public String foreignIssuerToken(String username, Set<String> roles, Set<String> groups, Set<String> tenants) {
        RSAKey key = foreignKey();
        Map<String, Object> claims = userClaims("http://foreign-issuer.invalid", username, roles, groups, tenants,
                Instant.now());
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
                    JWTClaimsSet.parse(claims));
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (ParseException | JOSEException e) {
            throw new IllegalStateException("could not sign a foreign token", e);
        }
    }

    private String register(Map<String, Registration> registry, String id, Set<String> roles, Set<String> groups,
            Set<String> tenants, Consumer<Registration> add) {
        Registration known = registry.get(id);
        Registration wanted = new Registration(known == null ? randomSecret() : known.secret(), sorted(roles),
                sorted(groups), sorted(tenants));
        if (!wanted.equals(known)) {
            add.accept(wanted);
            registry.put(id, wanted);
        }
        return wanted.secret();
    }

    private Cached cache(List<Object> key, IdentityProviderClient.TokenResponse response) {
        Duration lifetime = Objects.requireNonNullElse(response.expiresIn(), TOKEN_TTL);
        Cached cached = new Cached(response.accessToken(), Instant.now().plus(lifetime));
        tokens.put(key, cached);
        return cached;
    }

    /** The claims the provider puts in a user's access token through {@link #WEB_CLIENT}. */
    private static Map<String, Object> userClaims(String issuer, String username, Set<String> roles,
            Set<String> groups, Set<String> tenants, Instant issued) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", issuer);
        claims.put("sub", username);
        claims.put("aud", List.of(WEB_CLIENT));
        claims.put("client_id", WEB_CLIENT);
        claims.put("scope", List.of("openid", "profile"));
        claims.put("roles", List.copyOf(sorted(roles)));
        claims.put("groups", List.copyOf(sorted(groups)));
        claims.put("tenants", List.copyOf(sorted(tenants)));
        claims.put("iat", issued.getEpochSecond());
        claims.put("nbf", issued.getEpochSecond());
        claims.put("exp", issued.plus(TOKEN_TTL).getEpochSecond());
        claims.put("jti", UUID.randomUUID().toString());
        return claims;
    }

    private RSAKey foreignKey() {
        RSAKey key = foreignKey;
        if (key == null) {
            synchronized (this) {
                key = foreignKey;
                if (key == null) {
                    try {
                        key = new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate();
                    } catch (JOSEException e) {
                        throw new IllegalStateException("could not generate a foreign key", e);
                    }
                    foreignKey = key;
                }
            }
        }
        return key;
    }

    private static Set<String> sorted(Set<String> values) {
        return values == null ? Set.of() : new TreeSet<>(values);
    }

    private static String randomSecret() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
