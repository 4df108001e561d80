package org.opensafeguarding.engine.security;

import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.BearerTokenErrors;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;
import org.springframework.util.StringUtils;

/**
 * Two checks Spring Security makes on every request with a regular expression, written as loops with exactly the
 * same outcome (HeaderChecksTest compares them with Spring's own): the firewall's rule for header names and values,
 * and the reading of the bearer token from the Authorization header. Both run over the ~1 KB token on every call.
 */
final class HeaderChecks {

    private static final int PREFIX = "Bearer ".length();

    private HeaderChecks() {
    }

    /**
     * What StrictHttpFirewall's {@code [\p{IsAssigned}&&[^\p{IsControl}]]*} accepts (header names), or with
     * {@code tabAllowed} its {@code [\p{IsAssigned}&&[[^\p{IsControl}]||\t]]*} (header values).
     */
    static boolean assignedWithoutControls(String text, boolean tabAllowed) {
        for (int i = 0; i < text.length(); ) {
            int codePoint = text.codePointAt(i);
            if (!Character.isDefined(codePoint)
                    || Character.isISOControl(codePoint) && !(tabAllowed && codePoint == '\t')) {
                return false;
            }
            i += Character.charCount(codePoint);
        }
        return true;
    }

    /**
     * {@link DefaultBearerTokenResolver} with its defaults (header only, no {@code access_token} parameters):
     * null without a bearer header, the token when the header is {@code Bearer <b64token>} (RFC 6750: letters,
     * digits, {@code -._~+/}, then any {@code =}), "Bearer token is malformed" otherwise.
     */
    static BearerTokenResolver bearerTokenResolver() {
        return request -> bearerToken(request.getHeader("Authorization"));
    }

    static String bearerToken(String authorization) {
        if (!StringUtils.startsWithIgnoreCase(authorization, "bearer")) {
            return null;
        }
        int length = authorization.length();
        if (length <= PREFIX || authorization.charAt(PREFIX - 1) != ' ') {
            throw malformed();
        }
        int i = PREFIX;
        while (i < length && isTokenCharacter(authorization.charAt(i))) {
            i++;
        }
        if (i == PREFIX) {
            throw malformed();
        }
        while (i < length && authorization.charAt(i) == '=') {
            i++;
        }
        if (i != length) {
            throw malformed();
        }
        return authorization.substring(PREFIX);
    }

    private static boolean isTokenCharacter(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                || c == '-' || c == '.' || c == '_' || c == '~' || c == '+' || c == '/';
    }

    private static OAuth2AuthenticationException malformed() {
        return new OAuth2AuthenticationException(BearerTokenErrors.invalidToken("Bearer token is malformed"));
    }
}
