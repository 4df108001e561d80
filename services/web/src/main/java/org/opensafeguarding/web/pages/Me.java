package org.opensafeguarding.web.pages;

import org.springframework.security.oauth2.core.oidc.user.OidcUser;

import java.util.List;
import java.util.Set;

/** The signed-in person as the pages need them: a name to show, the ids a task's assignee may carry, the roles. */
public record Me(String name, String userId, String username, List<String> roles, List<String> groups,
                 List<String> tenants) {

    private static final Set<String> REPORT_READERS = Set.of("LADO_MANAGER", "PARTNERSHIP_MANAGER", "AUDITOR");
    private static final Set<String> CASEWORKERS = Set.of("LADO_OFFICER", "LADO_MANAGER", "CDOP_COORDINATOR",
            "CDOP_PANEL_MEMBER", "REVIEW_OFFICER", "REVIEW_PANEL_MEMBER");
    private static final Set<String> REFERRERS = Set.of("LADO_OFFICER", "LADO_MANAGER", "CDOP_COORDINATOR",
            "REVIEW_OFFICER");

    public static Me of(OidcUser user) {
        String username = user.getPreferredUsername() != null ? user.getPreferredUsername() : user.getSubject();
        return new Me(user.getFullName() != null ? user.getFullName() : username, user.getSubject(), username,
                list(user.getClaimAsStringList("roles")), list(user.getClaimAsStringList("groups")),
                list(user.getClaimAsStringList("tenants")));
    }

    private static List<String> list(List<String> claim) {
        return claim == null ? List.of() : claim;
    }

    public boolean is(String assignee) {
        return assignee != null && (assignee.equals(userId) || assignee.equals(username));
    }

    public boolean readsReports() {
        return roles.stream().anyMatch(REPORT_READERS::contains);
    }

    public boolean refers() {
        return roles.stream().anyMatch(REFERRERS::contains);
    }

    public boolean operates() {
        return roles.contains("ENGINE_OPERATOR");
    }

    public boolean works() {
        return roles.stream().anyMatch(CASEWORKERS::contains);
    }
}
