package org.opensafeguarding.workflow.tasklist;

import org.opensafeguarding.identity.access.AccessMatrix;
import org.opensafeguarding.identity.access.Identity;
import org.opensafeguarding.identity.access.Role;
import org.opensafeguarding.workflow.audit.AuditAction;
import org.opensafeguarding.workflow.audit.AuditEntry;

import java.util.Collection;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Who is calling the case APIs, as their verified token says (docs/security.md): a staff identifier, the candidate
 * groups (docs/processes.md §1.8) they belong to, the partnerships they act for, the case types their roles work on
 * (need-to-know), their role codes, and the OAuth client they came through. The user id goes to the engine as a
 * task's assignee and into the audit log, so it is a staff identifier, never a name.
 */
public record Caller(String userId, Set<String> groups, Set<String> tenants, Set<String> caseTypes,
                     Set<String> roles, String clientId) {

    public Caller {
        Objects.requireNonNull(userId, "userId");
        groups = Set.copyOf(groups);
        tenants = Set.copyOf(tenants);
        caseTypes = Set.copyOf(caseTypes);
        roles = Set.copyOf(roles);
    }

    public static Caller of(Identity identity, AccessMatrix matrix) {
        return new Caller(identity.subject(), identity.groups(), identity.tenants(),
                matrix.caseTypesFor(identity.roles()),
                identity.roles().stream().map(Role::name).collect(Collectors.toUnmodifiableSet()),
                identity.clientId());
    }

    /** The actor written to the audit log. */
    public String actor() {
        return "user:" + userId;
    }

    public boolean memberOfAny(Collection<String> candidateGroups) {
        return candidateGroups.stream().anyMatch(groups::contains);
    }

    /** Whether the caller's partnerships and need-to-know cover a case of this tenant and type. */
    public boolean mayWorkOn(String tenant, String caseType) {
        return tenants.contains(tenant) && caseTypes.contains(caseType);
    }

    /**
     * An audit row of this caller: actor, role codes, client, and the tenant when they act for exactly one (otherwise
     * the case's is taken).
     */
    public AuditEntry audit(AuditAction action, String resourceType, String resourceId) {
        return AuditEntry.of(actor(), action, resourceType, resourceId).withRoles(roles).withClientId(clientId)
                .withTenant(tenants.size() == 1 ? tenants.iterator().next() : null);
    }

    /** Role codes as audit rows carry them: sorted, comma separated. */
    public String roleCodes() {
        return roles.stream().sorted().collect(Collectors.joining(","));
    }
}
