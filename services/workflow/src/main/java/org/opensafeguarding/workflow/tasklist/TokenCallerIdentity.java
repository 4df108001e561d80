package org.opensafeguarding.workflow.tasklist;

import jakarta.servlet.http.HttpServletRequest;
import org.opensafeguarding.identity.access.AccessMatrix;
import org.opensafeguarding.identity.access.Identity;
import org.opensafeguarding.identity.access.IdentityAuthentication;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

import java.util.Optional;

/** The caller from the token the resource-server filter verified (module identity); a machine is not a caller. */
public class TokenCallerIdentity implements CallerIdentity {

    private final AccessMatrix matrix;

    public TokenCallerIdentity(AccessMatrix matrix) {
        this.matrix = matrix;
    }

    @Override
    public Optional<Caller> identify(HttpServletRequest request) {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication instanceof IdentityAuthentication verified && verified.isAuthenticated()
                && verified.identity().kind() == Identity.Kind.PERSON) {
            return Optional.of(Caller.of(verified.identity(), matrix));
        }
        return Optional.empty();
    }
}
