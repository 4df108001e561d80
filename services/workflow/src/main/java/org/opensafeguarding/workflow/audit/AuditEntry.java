package org.opensafeguarding.workflow.audit;

import org.opensafeguarding.identity.access.Identity;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * One audit row as a caller describes it. The database adds the id, the time and the row's place in the hash chain
 * ({@code V8__audit_chain.sql}). Details hold ids and codes, never personal data itself.
 *
 * @param actor        {@code user:<staff id>}, {@code client:<client id>} or a component ({@code intake}, ...)
 * @param role         the actor's role codes, sorted and comma separated (docs/security.md); null for a component
 * @param tenant       the partnership the row concerns; null to take the case's tenant (or none without a case)
 * @param caseId       the case the row concerns; null to derive it ({@link AuditLog#record(AuditEntry)})
 * @param clientId     the OAuth client the request came through
 * @param outcome      null for the one the action implies ({@link AuditOutcome#of})
 */
public record AuditEntry(String actor, AuditAction action, String resourceType, String resourceId,
                         Map<String, ?> detail, String role, String tenant, UUID caseId, String clientId,
                         AuditOutcome outcome) {

    public AuditEntry {
        Objects.requireNonNull(action, "action");
        // a copy that keeps null values, which callers' details may hold
        detail = detail == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(detail));
    }

    public static AuditEntry of(String actor, AuditAction action, String resourceType, String resourceId) {
        return new AuditEntry(actor, action, resourceType, resourceId, null, null, null, null, null, null);
    }

    /**
     * A row for what a verified caller did: actor, role codes and client from the token, and the tenant when the
     * caller acts for exactly one partnership (otherwise set it with {@link #withTenant}, or the case's is taken).
     */
    public static AuditEntry by(Identity identity, AuditAction action, String resourceType, String resourceId) {
        String tenant = identity.tenants().size() == 1 ? identity.tenants().iterator().next() : null;
        return of(identity.actor(), action, resourceType, resourceId).withRoles(identity.roles())
                .withClientId(identity.clientId()).withTenant(tenant);
    }

    public AuditEntry withDetail(Map<String, ?> detail) {
        return new AuditEntry(actor, action, resourceType, resourceId, detail, role, tenant, caseId, clientId, outcome);
    }

    /** Role codes (enum constants or strings), stored sorted and comma separated. */
    public AuditEntry withRoles(Collection<?> roles) {
        String codes = roles == null || roles.isEmpty() ? null : roles.stream()
                .map(r -> r instanceof Enum<?> e ? e.name() : String.valueOf(r)).distinct().sorted()
                .collect(Collectors.joining(","));
        return new AuditEntry(actor, action, resourceType, resourceId, detail, codes, tenant, caseId, clientId, outcome);
    }

    public AuditEntry withTenant(String tenant) {
        return new AuditEntry(actor, action, resourceType, resourceId, detail, role, tenant, caseId, clientId, outcome);
    }

    public AuditEntry withCaseId(UUID caseId) {
        return new AuditEntry(actor, action, resourceType, resourceId, detail, role, tenant, caseId, clientId, outcome);
    }

    public AuditEntry withClientId(String clientId) {
        return new AuditEntry(actor, action, resourceType, resourceId, detail, role, tenant, caseId, clientId, outcome);
    }

    public AuditEntry withOutcome(AuditOutcome outcome) {
        return new AuditEntry(actor, action, resourceType, resourceId, detail, role, tenant, caseId, clientId, outcome);
    }
}
