package org.opensafeguarding.web.referral;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

import static org.assertj.core.api.Assertions.assertThat;

/** A referral page's answers become the CloudEvent the intake validates, typed as its JSON Schema types them. */
class ReferralEventTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void answersGoToTheirSchemaPathsTypedAndEmptyOnesAreLeftOut() {
        MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        form.add("f-receivedDate", "2026-12-01");
        form.add("f-accused-familyName", " Example ");
        form.add("f-children-0-age", "9");
        form.add("f-allegation-harmTestLimbs", "harmed-child");
        form.add("f-allegation-harmTestLimbs", "risk-of-harm");
        form.add("f-urgent", "no");
        form.add("f-referrer-organisation", "");

        JsonNode event = ReferralEvent.build(json, ReferralKind.LADO_ALLEGATION, form, "id-1", "demo-north");

        assertThat(event.path("type").asText()).isEqualTo("org.opensafeguarding.referral.lado-allegation");
        assertThat(event.path("tenantid").asText()).isEqualTo("demo-north");
        JsonNode data = event.path("data");
        assertThat(data.path("receivedDate").asText()).isEqualTo("2026-12-01");
        assertThat(data.at("/accused/familyName").asText()).isEqualTo("Example");
        assertThat(data.at("/children/0/age").isIntegralNumber()).isTrue();
        assertThat(data.at("/children/0/age").asInt()).isEqualTo(9);
        assertThat(data.at("/allegation/harmTestLimbs").size()).isEqualTo(2);
        assertThat(data.path("urgent").isBoolean()).isTrue();
        assertThat(data.path("urgent").asBoolean()).isFalse();
        assertThat(data.has("referrer")).isFalse();
    }

    @Test
    void aNumberThatIsNotOneIsSentAsTypedSoTheIntakeNamesTheField() {
        MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        form.add("f-children-0-age", "nine");
        JsonNode event = ReferralEvent.build(json, ReferralKind.LADO_ALLEGATION, form, "id-2", null);
        assertThat(event.at("/data/children/0/age").asText()).isEqualTo("nine");
        assertThat(event.has("tenantid")).isFalse();
    }

    @Test
    void anIntakeErrorPointerIsMappedBackToItsQuestionInItsWords() {
        ReferralField family = ReferralEvent.byQuestion(ReferralKind.LADO_ALLEGATION, "/data/accused/familyName");
        assertThat(family.id()).isEqualTo("f-accused-familyName");
        assertThat(ReferralEvent.message(family, "required", "whatever")).isEqualTo(
                "Enter family name of the person the allegation is about");
        ReferralField setting = ReferralEvent.byQuestion(ReferralKind.LADO_ALLEGATION, "/data/accused/setting");
        assertThat(ReferralEvent.message(setting, "required", "x")).startsWith("Select setting");
        assertThat(ReferralEvent.byQuestion(ReferralKind.LADO_ALLEGATION, "/data/children/0/age").id())
                .isEqualTo("f-children-0-age");
        assertThat(ReferralEvent.byQuestion(ReferralKind.LADO_ALLEGATION, "/tenantid")).isNull();
    }
}
