package org.opensafeguarding.identity.access;

import java.util.Collection;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * Who is calling, as a verified token says: a person signed in through OIDC, or a machine using client
 * credentials. Nothing else in the services decides identity; no request header is believed.
 *
 * @param subject  the staff identifier of a person, or the client id of a machine
 * @param clientId the OAuth client the token was issued to (the web app for a person, the machine itself)
 * @param roles    known roles only (docs/security.md); unknown values in the token are dropped
 * @param groups   candidate groups (docs/processes.md §1.8)
 * @param tenants  the partnerships the caller acts for
 */
public record Identity(Kind kind, String subject, String clientId, Set<Role> roles, Set<String> groups,
                       Set<String> tenants) {

    public enum Kind { PERSON, MACHINE }

    public Identity {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(subject, "subject");
        roles = roles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(roles));
        groups = Set.copyOf(groups);
        tenants = Set.copyOf(tenants);
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }

    public boolean hasAny(Collection<Role> wanted) {
        return wanted.stream().anyMatch(roles::contains);
    }

    public boolean actsFor(String tenant) {
        return tenant != null && tenants.contains(tenant);
    }

    /** The actor written to audit rows: {@code user:<id>} or {@code client:<id>}. */
    public String actor() {
        return (kind == Kind.PERSON ? "user:" : "client:") + subject;
    }
}
