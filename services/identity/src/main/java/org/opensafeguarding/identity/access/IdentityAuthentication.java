package org.opensafeguarding.identity.access;

import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

import java.util.stream.Collectors;

/** A verified token and the {@link Identity} read from it; Spring authorities are {@code ROLE_<code>}. */
public final class IdentityAuthentication extends JwtAuthenticationToken {

    private final Identity identity;

    public IdentityAuthentication(Jwt jwt, Identity identity) {
        super(jwt, identity.roles().stream().map(r -> new SimpleGrantedAuthority("ROLE_" + r.name()))
                .collect(Collectors.toUnmodifiableSet()), identity.subject());
        this.identity = identity;
    }

    public Identity identity() {
        return identity;
    }
}
