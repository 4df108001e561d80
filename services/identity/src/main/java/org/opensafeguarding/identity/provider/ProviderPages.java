package org.opensafeguarding.identity.provider;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The two pages a person sees besides the login form: where a sign-in ends, and where a CLI user types a code. */
@RestController
class ProviderPages {

    @GetMapping(path = "/", produces = MediaType.TEXT_HTML_VALUE)
    String signedIn() {
        return page("<p>You are signed in to the local identity provider. You can close this window.</p>");
    }

    /** The device flow's verification URI without a code (the URI with the code is handled by the server). */
    @GetMapping(path = "/oauth2/device_verification", produces = MediaType.TEXT_HTML_VALUE)
    String enterDeviceCode() {
        return page("<form method=\"get\" action=\"/oauth2/device_verification\">"
                + "<label for=\"user_code\">Code shown by the command line</label> "
                + "<input id=\"user_code\" name=\"user_code\" autocomplete=\"off\" autofocus required> "
                + "<button type=\"submit\">Continue</button></form>");
    }

    private static String page(String body) {
        return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Sign in</title></head><body>"
                + body + "</body></html>";
    }
}
