package org.opensafeguarding.workflow.events;

import org.junit.jupiter.api.Test;
import org.opensafeguarding.workflow.support.OutboundPrivacy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The leak detector used on the real topic must itself catch each kind of leak. */
class OutboundPrivacyTest {

    private static final String PSEUDONYM = "a".repeat(64);
    private static final List<String> SENSITIVE = List.of("Throckmorton", "14 Quillbrook Terrace");

    private static List<String> check(String json) {
        return OutboundPrivacy.problems(PSEUDONYM, json.getBytes(StandardCharsets.UTF_8), Map.of(), SENSITIVE);
    }

    @Test
    void aCleanEventPasses() {
        assertThat(check("{\"type\":\"org.opensafeguarding.case.opened\",\"data\":{\"case\":\"" + PSEUDONYM
                + "\",\"triggerDate\":\"2024-01-09\",\"ageBand\":\"5-9y\",\"lookedAfter\":true,\"count\":2}}")).isEmpty();
    }

    @Test
    void aNameIsCaughtWhereverItHides() {
        assertThat(check("{\"data\":{\"outcome\":\"Throckmorton\"}}")).anyMatch(p -> p.contains("Throckmorton"));
    }

    @Test
    void anNhsNumberIsCaughtWithOrWithoutSpaces() {
        assertThat(check("{\"data\":{\"ref\":\"9434765919\"}}")).anyMatch(p -> p.contains("NHS number"));
        assertThat(check("{\"data\":{\"n\":943476591}}")).noneMatch(p -> p.contains("NHS number"));
        assertThat(check("{\"data\":{\"ref\":\"943 476 5919\"}}")).anyMatch(p -> p.contains("NHS number"));
    }

    @Test
    void digitsInsideAPseudonymAreNotMistakenForAnNhsNumber() {
        String pseudonym = "2036097038" + "c".repeat(54);
        assertThat(OutboundPrivacy.problems(pseudonym, ("{\"subject\":\"" + pseudonym + "\"}").getBytes(StandardCharsets.UTF_8),
                Map.of(), SENSITIVE)).isEmpty();
    }

    @Test
    void freeTextIsCaught() {
        assertThat(check("{\"data\":{\"outcome\":\"threshold met after discussion\"}}")).anyMatch(p -> p.contains("free text"));
    }

    @Test
    void aPersonalFieldNameIsCaughtEvenWhenEmpty() {
        assertThat(check("{\"data\":{\"familyName\":\"\"}}")).anyMatch(p -> p.contains("familyName"));
    }

    @Test
    void aKeyThatIsNotAPseudonymIsCaught() {
        assertThat(OutboundPrivacy.problems("case-123", "{}".getBytes(StandardCharsets.UTF_8), Map.of(), SENSITIVE))
                .anyMatch(p -> p.contains("key"));
    }
}
