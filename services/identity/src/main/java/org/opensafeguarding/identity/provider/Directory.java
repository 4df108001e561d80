package org.opensafeguarding.identity.provider;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;

/**
 * The provider's users and clients, changeable while it runs. Passwords and client secrets are kept only as
 * bcrypt hashes; the claims each token carries are looked up here when the token is made.
 */
final class Directory implements UserDetailsService, RegisteredClientRepository {

    /** What the token customizer puts in tokens for a user or a machine. */
    record Claims(String displayName, Set<String> roles, Set<String> groups, Set<String> tenants) {
    }

    private record StoredUser(String passwordHash, Claims claims) {
    }

    private final PasswordEncoder passwords = PasswordEncoderFactories.createDelegatingPasswordEncoder();
    private final Duration accessTokenTtl;
    private final Map<String, StoredUser> users = new ConcurrentHashMap<>();
    private final Map<String, RegisteredClient> clients = new ConcurrentHashMap<>();
    private final Map<String, Claims> clientClaims = new ConcurrentHashMap<>();

    Directory(Duration accessTokenTtl) {
        this.accessTokenTtl = accessTokenTtl;
    }

    PasswordEncoder passwordEncoder() {
        return passwords;
    }

    /** Adds the user, or replaces the one with the same username (password and claims). */
    void addUser(DirectoryUser user) {
        users.put(user.username(), new StoredUser(passwords.encode(user.password()),
                new Claims(user.displayName(), user.roles(), user.groups(), user.tenants())));
    }

    /** Adds the client, or replaces the one with the same id. */
    void addClient(DirectoryClient client) {
        RegisteredClient.Builder registered = RegisteredClient.withId(client.clientId()).clientId(client.clientId());
        if (client.isPublic()) {
            registered.clientAuthenticationMethod(ClientAuthenticationMethod.NONE);
        } else {
            registered.clientSecret(passwords.encode(client.clientSecret()))
                    .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                    .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST);
        }
        client.grants().forEach(grant -> registered.authorizationGrantType(new AuthorizationGrantType(grant)));
        client.redirectUris().forEach(registered::redirectUri);
        if (client.grants().contains(AuthorizationGrantType.AUTHORIZATION_CODE.getValue())
                || client.grants().contains(AuthorizationGrantType.DEVICE_CODE.getValue())) {
            registered.scope(OidcScopes.OPENID).scope(OidcScopes.PROFILE);
        }
        registered.clientSettings(ClientSettings.builder()
                        .requireProofKey(client.isPublic())
                        .requireAuthorizationConsent(false)
                        .build())
                .tokenSettings(TokenSettings.builder().accessTokenTimeToLive(accessTokenTtl).build());
        clientClaims.put(client.clientId(), new Claims(null, client.roles(), Set.of(), client.tenants()));
        clients.put(client.clientId(), registered.build());
    }

    Claims userClaims(String username) {
        StoredUser user = users.get(username);
        return user == null ? null : user.claims();
    }

    Claims clientClaims(String clientId) {
        return clientClaims.get(clientId);
    }

    @Override
    public UserDetails loadUserByUsername(String username) {
        StoredUser user = users.get(username);
        if (user == null) {
            throw new UsernameNotFoundException("no such user"); // the name is not repeated: it may be personal
        }
        return User.withUsername(username).password(user.passwordHash()).authorities(Set.of()).build();
    }

    @Override
    public void save(RegisteredClient registeredClient) {
        clients.put(registeredClient.getClientId(), registeredClient);
    }

    @Override
    public RegisteredClient findById(String id) {
        return clients.get(id); // the registration id is the client id
    }

    @Override
    public RegisteredClient findByClientId(String clientId) {
        return clients.get(clientId);
    }
}
