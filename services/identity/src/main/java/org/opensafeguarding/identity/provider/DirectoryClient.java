package org.opensafeguarding.identity.provider;

import java.util.Set;
import org.springframework.security.oauth2.core.AuthorizationGrantType;

/**
 * An OAuth client of the embedded provider.
 *
 * @param clientSecret null for a public client (browser or CLI), which must use PKCE or the device flow;
 *                     otherwise the secret for client_secret_basic / client_secret_post. Hashed when registered,
 *                     never shown by {@link #toString()}.
 * @param grants       grant type values: {@code client_credentials}, {@code authorization_code},
 *                     {@code refresh_token}, {@code urn:ietf:params:oauth:grant-type:device_code}
 * @param roles        for client-credentials tokens only: the machine's role codes
 * @param tenants      for client-credentials tokens only: the partnerships the machine acts for
 */
public record DirectoryClient(String clientId, String clientSecret, Set<String> grants, Set<String> redirectUris,
                              Set<String> roles, Set<String> tenants) {

    static final Set<String> KNOWN_GRANTS = Set.of(AuthorizationGrantType.CLIENT_CREDENTIALS.getValue(),
            AuthorizationGrantType.AUTHORIZATION_CODE.getValue(), AuthorizationGrantType.REFRESH_TOKEN.getValue(),
            AuthorizationGrantType.DEVICE_CODE.getValue());

    public DirectoryClient {
        if (clientId == null || clientId.isBlank()) {
            throw new IllegalArgumentException("a directory client needs an id");
        }
        grants = grants == null ? Set.of() : Set.copyOf(grants);
        redirectUris = redirectUris == null ? Set.of() : Set.copyOf(redirectUris);
        roles = roles == null ? Set.of() : Set.copyOf(roles);
        tenants = tenants == null ? Set.of() : Set.copyOf(tenants);
        if (grants.isEmpty() || !KNOWN_GRANTS.containsAll(grants)) {
            throw new IllegalArgumentException("client " + clientId + ": grants must be some of " + KNOWN_GRANTS);
        }
        if (clientSecret == null && grants.contains(AuthorizationGrantType.CLIENT_CREDENTIALS.getValue())) {
            throw new IllegalArgumentException("client " + clientId + ": client_credentials needs a secret");
        }
        if (grants.contains(AuthorizationGrantType.AUTHORIZATION_CODE.getValue()) && redirectUris.isEmpty()) {
            throw new IllegalArgumentException("client " + clientId + ": authorization_code needs a redirect URI");
        }
    }

    /** A machine (integration, service) that gets tokens with its own id and secret. */
    public static DirectoryClient machine(String clientId, String clientSecret, Set<String> roles, Set<String> tenants) {
        return new DirectoryClient(clientId, clientSecret, Set.of(AuthorizationGrantType.CLIENT_CREDENTIALS.getValue()),
                Set.of(), roles, tenants);
    }

    /**
     * A public browser client: authorization code with PKCE. Redirect URIs on loopback must use {@code 127.0.0.1},
     * not {@code localhost} (the authorization server refuses the latter); any port matches a loopback URI.
     */
    public static DirectoryClient browser(String clientId, Set<String> redirectUris) {
        return new DirectoryClient(clientId, null, Set.of(AuthorizationGrantType.AUTHORIZATION_CODE.getValue(),
                AuthorizationGrantType.REFRESH_TOKEN.getValue()), redirectUris, Set.of(), Set.of());
    }

    /** A public command-line client: the device authorization grant, the user signs in with a browser. */
    public static DirectoryClient cli(String clientId) {
        return new DirectoryClient(clientId, null, Set.of(AuthorizationGrantType.DEVICE_CODE.getValue(),
                AuthorizationGrantType.REFRESH_TOKEN.getValue()), Set.of(), Set.of(), Set.of());
    }

    boolean isPublic() {
        return clientSecret == null;
    }

    @Override
    public String toString() {
        return "DirectoryClient[" + clientId + (isPublic() ? ", public" : ", confidential") + ", grants=" + grants
                + ", roles=" + roles + ", tenants=" + tenants + "]";
    }
}
