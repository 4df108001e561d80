package org.opensafeguarding.workflow.tasklist;

import jakarta.servlet.http.HttpServletRequest;

import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * <strong>Interim, until the service has real authentication.</strong> Takes the user id from {@code X-User-Id}
 * and the comma-separated candidate groups from {@code X-User-Groups}, as set by a trusted front end or
 * reverse proxy. Anyone who can reach the service directly can claim any identity, so the service must not be
 * exposed beyond such a proxy until OIDC replaces this class (docs/tasklist.md).
 */
public class HeaderCallerIdentity implements CallerIdentity {

    public static final String USER_HEADER = "X-User-Id";
    public static final String GROUPS_HEADER = "X-User-Groups";

    @Override
    public Optional<Caller> identify(HttpServletRequest request) {
        String user = request.getHeader(USER_HEADER);
        if (user == null || user.isBlank()) {
            return Optional.empty();
        }
        String groupsHeader = request.getHeader(GROUPS_HEADER);
        Set<String> groups = groupsHeader == null ? Set.of() : Arrays.stream(groupsHeader.split(","))
                .map(String::trim)
                .filter(g -> !g.isEmpty())
                .collect(Collectors.toSet());
        return Optional.of(new Caller(user.trim(), groups));
    }
}
