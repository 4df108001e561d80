package org.opensafeguarding.workflow.intake;

import org.opensafeguarding.identity.access.Identity;
import org.opensafeguarding.identity.access.IdentityAuthentication;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/** The verified caller of the current request, as the resource-server filter left it (module identity). */
final class Callers {

    private Callers() {
    }

    /** @return the caller's identity, or null when the request carries no verified token */
    static Identity current() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication instanceof IdentityAuthentication verified && verified.isAuthenticated()
                ? verified.identity() : null;
    }
}
