package org.opensafeguarding.web.pages;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** What every page's header needs: who is signed in, and so which links to offer. */
@ControllerAdvice
class PageModel {

    @ModelAttribute("me")
    Me me(@AuthenticationPrincipal OidcUser user) {
        return user == null ? null : Me.of(user);
    }
}
