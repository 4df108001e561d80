package org.opensafeguarding.identity.provider;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How to start an {@link EmbeddedIdentityProvider}.
 *
 * @param host           the only address it listens on; null means {@code 127.0.0.1}
 * @param port           0 picks a free port
 * @param accessTokenTtl null means 15 minutes
 * @param keyFile        where the RSA signing key is kept (made on first start, owner-only), so tokens stay valid
 *                       across restarts; null uses a fresh key held in memory only
 */
public record IdentityProviderSettings(String host, int port, Duration accessTokenTtl, List<DirectoryUser> users,
                                       List<DirectoryClient> clients, Path keyFile) {

    public IdentityProviderSettings {
        host = host == null || host.isBlank() ? "127.0.0.1" : host;
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        accessTokenTtl = accessTokenTtl == null ? Duration.ofMinutes(15) : accessTokenTtl;
        users = users == null ? List.of() : List.copyOf(users);
        clients = clients == null ? List.of() : List.copyOf(clients);
    }

    /** Loopback, a free port, 15-minute tokens, nobody registered, an in-memory key. */
    public static IdentityProviderSettings defaults() {
        return new IdentityProviderSettings(null, 0, null, null, null, null);
    }

    public IdentityProviderSettings withPort(int port) {
        return new IdentityProviderSettings(host, port, accessTokenTtl, users, clients, keyFile);
    }

    public IdentityProviderSettings withAccessTokenTtl(Duration ttl) {
        return new IdentityProviderSettings(host, port, ttl, users, clients, keyFile);
    }

    public IdentityProviderSettings withKeyFile(Path file) {
        return new IdentityProviderSettings(host, port, accessTokenTtl, users, clients, file);
    }

    public IdentityProviderSettings withUsers(List<DirectoryUser> list) {
        return new IdentityProviderSettings(host, port, accessTokenTtl, list, clients, keyFile);
    }

    public IdentityProviderSettings withClients(List<DirectoryClient> list) {
        return new IdentityProviderSettings(host, port, accessTokenTtl, users, list, keyFile);
    }
}
