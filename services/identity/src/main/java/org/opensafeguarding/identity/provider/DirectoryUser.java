package org.opensafeguarding.identity.provider;

import java.util.Set;

/**
 * A person who can sign in to the embedded provider. The password is hashed when the provider takes the user and
 * is not kept in plain text there; {@link #toString()} never shows it.
 *
 * @param username    the staff identifier; becomes {@code sub}
 * @param displayName shown in the ID token's {@code name} only, never in access tokens; may be null
 * @param roles       role codes (docs/security.md), the {@code roles} claim
 * @param groups      candidate groups, the {@code groups} claim
 * @param tenants     partnership codes, the {@code tenants} claim
 */
public record DirectoryUser(String username, String password, String displayName, Set<String> roles,
                            Set<String> groups, Set<String> tenants) {

    public DirectoryUser {
        if (username == null || username.isBlank() || password == null || password.isEmpty()) {
            throw new IllegalArgumentException("a directory user needs a username and a password");
        }
        roles = roles == null ? Set.of() : Set.copyOf(roles);
        groups = groups == null ? Set.of() : Set.copyOf(groups);
        tenants = tenants == null ? Set.of() : Set.copyOf(tenants);
    }

    @Override
    public String toString() {
        return "DirectoryUser[" + username + ", roles=" + roles + ", groups=" + groups + ", tenants=" + tenants + "]";
    }
}
