package org.opensafeguarding.workflow.lado;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The KCSIE edition a LADO case is pinned to by its referral date (DOMAIN §5.6, §7.6). */
class KcsieEditionsTest {

    private final KcsieEditions editions = new KcsieEditions(new KcsieProperties(null));

    @Test
    void theReferralDateChoosesTheEditionAndItsFindings() {
        assertThat(editions.forReferralDate(LocalDate.of(2013, 4, 2)).id()).isEqualTo("KCSIE-2016");
        assertThat(editions.forReferralDate(LocalDate.of(2020, 8, 31)).findings()).doesNotContain("UNFOUNDED");
        assertThat(editions.forReferralDate(LocalDate.of(2020, 9, 1)).id()).isEqualTo("KCSIE-LATER");
        assertThat(editions.forReferralDate(LocalDate.of(2020, 9, 1)).findings()).contains("UNFOUNDED");
        assertThat(editions.forReferralDate(LocalDate.of(2020, 9, 1)).harmTestLimb4()).isTrue();
        assertThat(KcsieEditions.label("UNSUBSTANTIATED")).isEqualTo("Unsubstantiated");
    }

    @Test
    void aListThatCannotChooseIsRefusedAtStartUp() {
        assertThatThrownBy(() -> new KcsieEditions(new KcsieProperties(List.of(
                new KcsieProperties.Edition("A", LocalDate.of(2016, 9, 5), List.of("SUBSTANTIATED"), false),
                new KcsieProperties.Edition("B", null, List.of(), true)))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("editions[0]: the first edition must not have a from date")
                .hasMessageContaining("editions[1]: findings must list at least one outcome code")
                .hasMessageContaining("editions[1]: from must be set");
    }
}
