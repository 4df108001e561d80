package org.opensafeguarding.reporting.api;

import org.opensafeguarding.identity.access.AccessMatrix;
import org.opensafeguarding.identity.access.Identity;
import org.opensafeguarding.identity.access.IdentityAuthentication;
import org.opensafeguarding.identity.access.Role;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which tenant and which case types a caller's question may cover, from the token alone. The matrix has already let
 * only managers and auditors in; here a team manager is kept to their team's case types (access matrix
 * {@code caseTypes}), while partnership managers and auditors see every team of their own partnerships.
 */
@Component
public class ReportScope {

    public static final List<String> ALL_CASE_TYPES = Arrays.stream(Team.values())
            .flatMap(t -> t.caseTypes().stream()).toList();
    private static final Set<Role> WHOLE_PARTNERSHIP = Set.of(Role.PARTNERSHIP_MANAGER, Role.AUDITOR);

    private final AccessMatrix matrix;

    public ReportScope(AccessMatrix matrix) {
        this.matrix = matrix;
    }

    public record Scope(String tenant, List<String> caseTypes) {
    }

    public Scope resolve(String tenant, String team, String caseType) {
        Identity identity = identity();
        String chosen = tenant;
        if (chosen == null || chosen.isBlank()) {
            if (identity.tenants().size() != 1) {
                throw ReportingProblem.invalid("tenant", "required",
                        "You act for more than one partnership: say which with the tenant parameter.");
            }
            chosen = identity.tenants().iterator().next();
        } else if (!identity.actsFor(chosen)) {
            throw ReportingProblem.forbidden("tenant", "tenant-allowed",
                    "Your token does not let you act for that partnership.");
        }
        Set<String> allowed = identity.hasAny(WHOLE_PARTNERSHIP) ? new LinkedHashSet<>(ALL_CASE_TYPES)
                : new LinkedHashSet<>(matrix.caseTypesFor(identity.roles()));
        Set<String> wanted = new LinkedHashSet<>(ALL_CASE_TYPES);
        if (team != null && !team.isBlank()) {
            wanted.retainAll(Team.named(team).orElseThrow(() -> ReportingProblem.invalid("team", "enum",
                    "team must be one of " + Arrays.toString(Team.values()) + ".")).caseTypes());
        }
        if (caseType != null && !caseType.isBlank()) {
            if (!ALL_CASE_TYPES.contains(caseType)) {
                throw ReportingProblem.invalid("caseType", "enum", "caseType must be one of " + ALL_CASE_TYPES + ".");
            }
            wanted.retainAll(Set.of(caseType));
        }
        boolean asked = (team != null && !team.isBlank()) || (caseType != null && !caseType.isBlank());
        if (asked && !allowed.containsAll(wanted)) {
            throw ReportingProblem.forbidden(caseType != null && !caseType.isBlank() ? "caseType" : "team",
                    "case-type-allowed", "Your roles do not cover that team's cases.");
        }
        wanted.retainAll(allowed);
        if (wanted.isEmpty()) {
            throw ReportingProblem.forbidden("caseType", "case-type-allowed", "Your roles cover no case type here.");
        }
        return new Scope(chosen, List.copyOf(wanted));
    }

    private static Identity identity() {
        if (SecurityContextHolder.getContext().getAuthentication() instanceof IdentityAuthentication a) {
            return a.identity();
        }
        throw new IllegalStateException("no verified identity: the security filter chain should have refused");
    }
}
