package org.opensafeguarding.web.pages;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The landing page: a signed-out visitor is told how to sign in; a signed-in person goes to their work. */
@Controller
class HomeController {

    @GetMapping("/")
    String home(@AuthenticationPrincipal OidcUser user) {
        if (user == null) {
            return "home";
        }
        Me me = Me.of(user);
        if (me.operates() && !me.works()) {
            return "redirect:/operations";
        }
        return me.works() ? "redirect:/tray" : "redirect:/dashboard";
    }
}
