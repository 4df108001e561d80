package org.opensafeguarding.engine.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;

/** The loop versions of Spring Security's header checks decide exactly as Spring's regular expressions do. */
class HeaderChecksTest {

    /** StrictHttpFirewall's own patterns (header names; header values, where a tab is allowed). */
    private static final Pattern NAMES = Pattern.compile("[\\p{IsAssigned}&&[^\\p{IsControl}]]*");
    private static final Pattern VALUES = Pattern.compile("[\\p{IsAssigned}&&[[^\\p{IsControl}]||\\t]]*");

    @Test
    void everyCodePointIsJudgedAsTheFirewallsRegularExpressionsJudgeIt() {
        List<String> differences = new ArrayList<>();
        for (int codePoint = 0; codePoint <= Character.MAX_CODE_POINT; codePoint++) {
            String text = "a" + Character.toString(codePoint) + "b";
            if (HeaderChecks.assignedWithoutControls(text, false) != NAMES.matcher(text).matches()
                    || HeaderChecks.assignedWithoutControls(text, true) != VALUES.matcher(text).matches()) {
                differences.add(Integer.toHexString(codePoint));
            }
        }
        assertThat(differences).isEmpty();
        for (String text : List.of("", "\uD800", "x\uDC00y", "\uD83D\uDE00", "Bearer eyJhbGciOiJSUzI1NiJ9.e30.c2ln",
                "a\tb", "a\r\nb", "\u0085", "\u00A0", "\uFFFF", "\uFFFE")) {
            assertThat(HeaderChecks.assignedWithoutControls(text, false)).as(text)
                    .isEqualTo(NAMES.matcher(text).matches());
            assertThat(HeaderChecks.assignedWithoutControls(text, true)).as(text)
                    .isEqualTo(VALUES.matcher(text).matches());
        }
    }

    @Test
    void theBearerTokenIsReadAsSpringsDefaultResolverReadsIt() {
        BearerTokenResolver spring = new DefaultBearerTokenResolver();
        BearerTokenResolver ours = HeaderChecks.bearerTokenResolver();
        List<String> headers = new ArrayList<>(List.of("", "Bearer", "Bearer ", "bearer abc", "BEARER abc",
                "Bearer  abc", "Bearer abc ", "Bearer abc\n", "Bearer abc=", "Bearer abc==", "Bearer abc=x",
                "Bearer =", "Bearer a-b.c_d~e+f/g", "Bearer a,b", "Bearer\tabc", "Bearerabc", "Basic abc",
                "bearer\u00e9", "Bearer \u212Aelvin", "Bearer ab\u0000", "Token abc", "Bearer eyJ.eyJ.sig"));
        Random random = new Random(42);
        String alphabet = "aZ09-._~+/= \t\n,;\"\u00e9\u212A";
        for (int i = 0; i < 20_000; i++) {
            StringBuilder header = new StringBuilder(random.nextInt(4) == 0 ? "bEaReR" : "Bearer");
            if (random.nextInt(5) != 0) {
                header.append(' ');
            }
            int length = random.nextInt(12);
            for (int j = 0; j < length; j++) {
                // mostly token characters, so that many headers are well formed
                header.append(random.nextInt(3) == 0 ? alphabet.charAt(random.nextInt(alphabet.length()))
                        : (char) ('a' + random.nextInt(26)));
            }
            headers.add(header.toString());
        }
        for (String header : headers) {
            MockHttpServletRequest request = new MockHttpServletRequest("POST", "/v2/jobs/activation");
            request.addHeader("Authorization", header);
            assertThat(outcome(ours, request)).as("Authorization: [%s]", header).isEqualTo(outcome(spring, request));
        }
        MockHttpServletRequest none = new MockHttpServletRequest("GET", "/v2/topology");
        none.setParameter("access_token", "abc"); // a parameter token is ignored by both (not enabled)
        assertThat(outcome(ours, none)).isEqualTo(outcome(spring, none)).isEqualTo("null");
    }

    private static String outcome(BearerTokenResolver resolver, MockHttpServletRequest request) {
        try {
            return String.valueOf(resolver.resolve(request));
        } catch (OAuth2AuthenticationException e) {
            return "refused " + e.getError().getErrorCode() + " " + e.getError().getDescription() + " "
                    + e.getError().getUri();
        }
    }
}
