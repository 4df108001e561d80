package org.opensafeguarding.workflow.notices;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The national return follows the case's own dates (DOMAIN §4.3: NCMD live 1 Apr 2019, taking new deaths and every
 * case still open then, not deaths already reviewed before it), never the day the job runs: the target takes no
 * clock at all, so a 2018 death goes to the LSCB1 return whether the clock says 2018 or 2026.
 */
class NcmdTargetTest {

    private final NcmdSubmissions submissions = new NcmdSubmissions(null, null, null, new NcmdProperties(null));

    @ParameterizedTest(name = "death {0}, reviewed {1} -> {2}")
    @CsvSource({
            "2018-06-30, ,           LSCB1",  // notified in 2018, or entered late in 2026: a pre-NCMD death
            "2018-06-30, 2019-01-15, LSCB1",  // reviewed before NCMD went live
            "2018-06-30, 2019-04-01, NCMD",   // still open on the live date: NCMD took it
            "2019-03-31, ,           LSCB1",
            "2019-04-01, ,           NCMD",
            "2019-05-10, ,           NCMD",
            "2019-05-10, 2026-03-02, NCMD"})
    void targetByTheDeathsDateAndTheReviewsDate(LocalDate death, LocalDate reviewedOn, String target) {
        assertThat(submissions.target(death, reviewedOn)).isEqualTo(target);
    }
}
