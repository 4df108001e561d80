package org.opensafeguarding.workflow.casefile;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.LocalDate;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RegimeSelectorTest {

    /** Leeds moved early; everyone else uses the statutory latest date. */
    private final RegimeSelector selector = new RegimeSelector(
            new RegimeProperties(null, Map.of("leeds", LocalDate.of(2019, 4, 1))));

    @ParameterizedTest
    @CsvSource({
            "SERIOUS_CASE_REVIEW, 2019-09-28, default, scr-referral-wt2013, SCR-WT2013",
            "SERIOUS_CASE_REVIEW, 2019-09-29, default, practice-review-wt2018, CSPR-WT2018",
            "SERIOUS_CASE_REVIEW, 2019-05-01, leeds, practice-review-wt2018, CSPR-WT2018",
            "SERIOUS_INCIDENT, 2018-06-28, default, scr-referral-wt2013, SCR-WT2013",
            "SERIOUS_INCIDENT, 2018-06-29, default, practice-review-wt2018, CSPR-WT2018",
            "CHILD_DEATH, 2019-03-31, leeds, child-death-review-cdr2018, CDOP-LSCB",
            "CHILD_DEATH, 2019-04-01, leeds, child-death-review-cdr2018, CDR-2018",
            "LADO_ALLEGATION, 2016-01-01, default, lado-allegation, LADO-WT2013",
            "LADO_ALLEGATION, 2024-01-01, default, lado-allegation, LADO-WT2018"})
    void pinsTheRegimeByTriggerDateAndTenantTransition(CaseType type, LocalDate trigger, String tenant,
                                                       String processId, String version) {
        RegimeSelector.Choice choice = selector.choose(type, trigger, tenant);

        assertThat(choice.processId()).isEqualTo(processId);
        assertThat(choice.processVersion()).isEqualTo(version);
    }
}
