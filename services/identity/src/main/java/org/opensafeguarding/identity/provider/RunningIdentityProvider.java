package org.opensafeguarding.identity.provider;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.text.ParseException;
import java.util.Map;
import org.springframework.context.ConfigurableApplicationContext;

/** Handle on a provider started by {@link EmbeddedIdentityProvider}: its addresses, its directory, close(). */
public final class RunningIdentityProvider implements AutoCloseable {

    private final ConfigurableApplicationContext context;
    private final URI issuer;
    private final Directory directory;
    private final RSAKey key;

    RunningIdentityProvider(ConfigurableApplicationContext context, URI issuer, Directory directory, RSAKey key) {
        this.context = context;
        this.issuer = issuer;
        this.directory = directory;
        this.key = key;
    }

    /** The issuer, exactly as in the tokens' {@code iss}: {@code http://HOST:PORT}, no trailing slash. */
    public URI issuer() {
        return issuer;
    }

    public URI tokenEndpoint() {
        return URI.create(issuer + "/oauth2/token");
    }

    public URI jwkSetUri() {
        return URI.create(issuer + "/oauth2/jwks");
    }

    /** Adds a user, or replaces the one with the same username; effective for the next sign-in. */
    public void addUser(DirectoryUser user) {
        directory.addUser(user);
    }

    /** Adds a client, or replaces the one with the same id. */
    public void addClient(DirectoryClient client) {
        directory.addClient(client);
    }

    /**
     * Signs any claims with the provider's real key (RS256, its key id), for tests that need a token the provider
     * would never issue, such as an expired one. Claims are JSON values; {@code exp}, {@code iat} and {@code nbf}
     * are seconds since the epoch.
     */
    public String signForTests(Map<String, Object> claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
                    JWTClaimsSet.parse(claims));
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (ParseException | JOSEException e) {
            throw new IllegalArgumentException("could not sign these claims", e);
        }
    }

    @Override
    public void close() {
        context.close();
    }
}
