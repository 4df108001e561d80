package org.opensafeguarding.workflow.pseudonym;

import org.junit.jupiter.api.Test;
import org.opensafeguarding.workflow.casefile.CaseId;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PseudonymiserTest {

    private static final String KEY_A = "a-test-key-that-is-long-enough-for-hmac-sha256";
    private static final String KEY_B = "another-test-key-that-is-long-enough-for-hmac";

    @Test
    void sameCaseAndKeyGiveTheSamePseudonym() {
        CaseId id = CaseId.newId();

        assertThat(new Pseudonymiser(KEY_A.getBytes(StandardCharsets.UTF_8)).of(id))
                .isEqualTo(new Pseudonymiser(KEY_A.getBytes(StandardCharsets.UTF_8)).of(id))
                .matches("[0-9a-f]{64}")
                .doesNotContain(id.toString());
    }

    @Test
    void anotherKeyGivesAnUnrelatedPseudonym() {
        CaseId id = CaseId.newId();

        assertThat(new Pseudonymiser(KEY_A.getBytes(StandardCharsets.UTF_8)).of(id))
                .isNotEqualTo(new Pseudonymiser(KEY_B.getBytes(StandardCharsets.UTF_8)).of(id));
    }

    @Test
    void differentCasesGetDifferentPseudonyms() {
        Pseudonymiser p = new Pseudonymiser(KEY_A.getBytes(StandardCharsets.UTF_8));

        assertThat(p.of(CaseId.newId())).isNotEqualTo(p.of(CaseId.newId()));
    }

    @Test
    void missingKeyStopsStartupWithAnExplanation() {
        assertThatThrownBy(() -> Pseudonymiser.fromProperties(new PseudonymProperties(null, false)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("safeguarding.pseudonym.key is not set")
                .hasMessageContaining("SAFEGUARDING_PSEUDONYM_KEY");
    }

    @Test
    void devKeyOnlyWhenAskedFor() {
        Pseudonymiser dev = Pseudonymiser.fromProperties(new PseudonymProperties("", true));

        assertThat(dev.of(CaseId.parse("00000000-0000-0000-0000-000000000001"))).hasSize(64);
    }

    @Test
    void configuredKeyWinsOverTheDevKey() {
        CaseId id = CaseId.newId();

        assertThat(Pseudonymiser.fromProperties(new PseudonymProperties(KEY_A, true)).of(id))
                .isEqualTo(new Pseudonymiser(KEY_A.getBytes(StandardCharsets.UTF_8)).of(id));
    }

    @Test
    void base64KeysAreDecoded() {
        byte[] raw = new byte[32];
        raw[0] = 7;
        CaseId id = CaseId.newId();

        assertThat(Pseudonymiser.fromProperties(new PseudonymProperties("base64:" + Base64.getEncoder().encodeToString(raw), false)).of(id))
                .isEqualTo(new Pseudonymiser(raw).of(id));
    }

    @Test
    void shortKeysAreRefused() {
        assertThatThrownBy(() -> Pseudonymiser.fromProperties(new PseudonymProperties("short", false)))
                .hasMessageContaining("at least 32 bytes");
    }
}
