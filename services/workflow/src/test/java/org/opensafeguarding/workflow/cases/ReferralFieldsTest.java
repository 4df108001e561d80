package org.opensafeguarding.workflow.cases;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.opensafeguarding.workflow.intake.ReferralKind;
import org.opensafeguarding.workflow.support.TestReferrals;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class ReferralFieldsTest {

    @Test
    void everyValueOfAReferralIsOneItemNamedByItsPathAndLabelledFromIt() {
        JsonNode data = TestReferrals.data(ReferralKind.CHILD_DEATH_NOTIFICATION);
        List<CaseViews.ReferralField> fields = ReferralFields.of(data);

        assertThat(fields).extracting(CaseViews.ReferralField::name, CaseViews.ReferralField::label,
                        CaseViews.ReferralField::value)
                .contains(tuple("child.nhsNumber", "Child: nhs number", "9434765919"),
                        tuple("child.address.lines", "Child: address: lines", "14 Quillbrook Terrace, Haverstock"),
                        tuple("child.lookedAfter", "Child: looked after", "yes"),
                        tuple("death.postMortemRequired", "Death: post mortem required", "yes"),
                        tuple("professionals[0].name", "Professionals 1: name", "Dr Genevieve Ashdown-Pryce"),
                        tuple("parentalResponsibility", "Parental responsibility", "Rosalind Throckmorton"));
        // nothing of the referral is left out: every sensitive value is shown to those who may see it
        List<String> values = fields.stream().map(CaseViews.ReferralField::value).toList();
        for (String sensitive : TestReferrals.sensitiveValues(data)) {
            assertThat(String.join("\n", values)).contains(sensitive);
        }
    }

    @Test
    void notAnObjectIsNoFields() {
        assertThat(ReferralFields.of(null)).isEmpty();
        assertThat(ReferralFields.of(TestReferrals.JSON.getNodeFactory().textNode("x"))).isEmpty();
    }
}
