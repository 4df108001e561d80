package org.opensafeguarding.workflow.intake;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.opensafeguarding.workflow.support.TestReferrals;
import org.springframework.util.unit.DataSize;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.opensafeguarding.workflow.support.TestReferrals.bytes;

class ReferralValidatorTest {

    /** The process tests' day: every {@link TestReferrals} fixture must be valid then. */
    static final Clock CLOCK = Clock.fixed(Instant.parse("2024-03-04T09:00:00Z"), ZoneOffset.UTC);

    private final ReferralValidator validator = new ReferralValidator(
            new IntakeProperties(DataSize.ofKilobytes(64), "default", null, null, 32, null, null, null, null), CLOCK);

    @ParameterizedTest
    @EnumSource(ReferralKind.class)
    void theExampleOfEachKindIsValid(ReferralKind kind) {
        ObjectNode event = TestReferrals.valid(kind);

        ReferralValidator.ValidReferral valid = validator.validate(bytes(event));

        assertThat(valid.kind()).isEqualTo(kind);
        assertThat(valid.eventId()).isEqualTo(event.get("id").asText());
        // no tenantid: which tenant is the registry's decision, never a default filled in here
        assertThat(valid.declaredTenant()).isNull();
        assertThat(valid.sha256()).hasSize(64);
    }

    @Test
    void notJsonIsInvalidJsonWithAPositionAndNoEcho() {
        byte[] raw = "{\"id\": Throckmorton".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> validator.validate(raw))
                .isInstanceOfSatisfying(ReferralRejectedException.class, e -> {
                    assertThat(e.reason()).isEqualTo(RejectionReason.INVALID_JSON);
                    assertThat(e.field()).isEmpty();
                    assertThat(e.getMessage()).contains("line 1").doesNotContain("Throckmorton");
                });
    }

    @Test
    void duplicateKeysAreInvalidJson() {
        byte[] raw = "{\"type\":\"a\",\"type\":\"b\"}".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> validator.validate(raw))
                .isInstanceOfSatisfying(ReferralRejectedException.class, e -> {
                    assertThat(e.reason()).isEqualTo(RejectionReason.INVALID_JSON);
                    assertThat(e.rule()).isEqualTo("duplicate-key");
                });
    }

    @Test
    void emptyRecordIsInvalidJson() {
        assertThatThrownBy(() -> validator.validate(new byte[0]))
                .isInstanceOfSatisfying(ReferralRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo(RejectionReason.INVALID_JSON));
    }

    @Test
    void missingIdNamesTheIdField() {
        ObjectNode event = TestReferrals.valid(ReferralKind.LADO_ALLEGATION);
        event.remove("id");

        assertThatThrownBy(() -> validator.validate(bytes(event)))
                .isInstanceOfSatisfying(ReferralRejectedException.class, e -> {
                    assertThat(e.reason()).isEqualTo(RejectionReason.ENVELOPE);
                    assertThat(e.field()).isEqualTo("/id");
                    assertThat(e.rule()).isEqualTo("required");
                });
    }

    @Test
    void wrongSpecVersionIsAnEnvelopeError() {
        ObjectNode event = TestReferrals.valid(ReferralKind.LADO_ALLEGATION);
        event.put("specversion", "0.3");

        assertThatThrownBy(() -> validator.validate(bytes(event)))
                .isInstanceOfSatisfying(ReferralRejectedException.class, e -> {
                    assertThat(e.reason()).isEqualTo(RejectionReason.ENVELOPE);
                    assertThat(e.field()).isEqualTo("/specversion");
                    assertThat(e.rule()).isEqualTo("const");
                });
    }

    @Test
    void unknownTypeNamesTheTypeField() {
        ObjectNode event = TestReferrals.valid(ReferralKind.LADO_ALLEGATION);
        event.put("type", "org.opensafeguarding.referral.parking-ticket");

        assertThatThrownBy(() -> validator.validate(bytes(event)))
                .isInstanceOfSatisfying(ReferralRejectedException.class, e -> {
                    assertThat(e.reason()).isEqualTo(RejectionReason.UNKNOWN_TYPE);
                    assertThat(e.field()).isEqualTo("/type");
                    assertThat(e.getMessage()).contains(ReferralKind.LADO_ALLEGATION.cloudEventType());
                });
    }

    @Test
    void missingRequiredDataFieldIsNamedByPointer() {
        ObjectNode event = TestReferrals.valid(ReferralKind.CHILD_DEATH_NOTIFICATION);
        ((ObjectNode) event.at("/data/child")).remove("dateOfBirth");

        assertThatThrownBy(() -> validator.validate(bytes(event)))
                .isInstanceOfSatisfying(ReferralRejectedException.class, e -> {
                    assertThat(e.reason()).isEqualTo(RejectionReason.SCHEMA);
                    assertThat(e.field()).isEqualTo("/data/child/dateOfBirth");
                    assertThat(e.rule()).isEqualTo("required");
                });
    }

    @Test
    void badNhsNumberFailsItsPatternWithoutRepeatingIt() {
        ObjectNode event = TestReferrals.valid(ReferralKind.SERIOUS_INCIDENT_NOTIFICATION);
        ((ObjectNode) event.at("/data/child")).put("nhsNumber", "943 476 591X");

        assertThatThrownBy(() -> validator.validate(bytes(event)))
                .isInstanceOfSatisfying(ReferralRejectedException.class, e -> {
                    assertThat(e.reason()).isEqualTo(RejectionReason.SCHEMA);
                    assertThat(e.field()).isEqualTo("/data/child/nhsNumber");
                    assertThat(e.rule()).isEqualTo("pattern");
                    assertThat(e.getMessage()).doesNotContain("943 476 591X");
                });
    }

    @Test
    void impossibleDateFailsTheDateFormat() {
        ObjectNode event = TestReferrals.valid(ReferralKind.CHILD_DEATH_NOTIFICATION);
        ((ObjectNode) event.at("/data/death")).put("dateOfDeath", "2024-02-30");

        assertThatThrownBy(() -> validator.validate(bytes(event)))
                .isInstanceOfSatisfying(ReferralRejectedException.class, e -> {
                    assertThat(e.field()).isEqualTo("/data/death/dateOfDeath");
                    assertThat(e.rule()).isEqualTo("format");
                });
    }

    @Test
    void unknownCodeFailsTheEnum() {
        ObjectNode event = TestReferrals.valid(ReferralKind.LADO_ALLEGATION);
        ((ObjectNode) event.at("/data/accused")).put("setting", "space-station");

        assertThatThrownBy(() -> validator.validate(bytes(event)))
                .isInstanceOfSatisfying(ReferralRejectedException.class, e -> {
                    assertThat(e.field()).isEqualTo("/data/accused/setting");
                    assertThat(e.rule()).isEqualTo("enum");
                });
    }

    @Test
    void undeclaredFieldIsRefusedSoNothingUnvalidatedIsStored() {
        ObjectNode event = TestReferrals.valid(ReferralKind.SERIOUS_CASE_REVIEW_REFERRAL);
        ((ObjectNode) event.at("/data/child")).put("favouriteColour", "green");

        assertThatThrownBy(() -> validator.validate(bytes(event)))
                .isInstanceOfSatisfying(ReferralRejectedException.class, e -> {
                    assertThat(e.field()).isEqualTo("/data/child/favouriteColour");
                    assertThat(e.rule()).isEqualTo("additionalProperties");
                });
    }

    @Test
    void subjectMustBeACaseId() {
        ObjectNode event = TestReferrals.valid(ReferralKind.LADO_ALLEGATION);
        event.put("subject", "not-a-uuid");

        assertThatThrownBy(() -> validator.validate(bytes(event)))
                .isInstanceOfSatisfying(ReferralRejectedException.class, e -> {
                    assertThat(e.reason()).isEqualTo(RejectionReason.ENVELOPE);
                    assertThat(e.field()).isEqualTo("/subject");
                });
    }

    @Test
    void recordOverTheLimitIsTooLargeBeforeItIsParsed() {
        ObjectNode event = TestReferrals.valid(ReferralKind.LADO_ALLEGATION);
        ((ObjectNode) event.at("/data/allegation")).put("narrative", "x".repeat(70 * 1024));

        assertThatThrownBy(() -> validator.validate(bytes(event)))
                .isInstanceOfSatisfying(ReferralRejectedException.class, e -> {
                    assertThat(e.reason()).isEqualTo(RejectionReason.TOO_LARGE);
                    assertThat(e.rule()).isEqualTo("max-bytes");
                });
    }

    @Test
    void tenantComesFromTheExtension() {
        ObjectNode event = TestReferrals.valid(ReferralKind.LADO_ALLEGATION);
        event.put("tenantid", "leeds");

        assertThat(validator.validate(bytes(event)).declaredTenant()).isEqualTo("leeds");
    }

    @Test
    void jsonNestedDeeperThanTheLimitIsInvalidJsonWithTheDepthRule() {
        ObjectNode event = TestReferrals.valid(ReferralKind.LADO_ALLEGATION);
        ObjectNode deep = (ObjectNode) event.at("/data/allegation");
        for (int i = 0; i < 40; i++) {
            deep = deep.putObject("x");
        }

        assertThatThrownBy(() -> validator.validate(bytes(event)))
                .isInstanceOfSatisfying(ReferralRejectedException.class, e -> {
                    assertThat(e.reason()).isEqualTo(RejectionReason.INVALID_JSON);
                    assertThat(e.rule()).isEqualTo("max-depth");
                });
    }

    @Test
    void aRejectionAfterTheEnvelopeNamesAWellFormedEventIdButNeverFreeText() {
        ObjectNode event = TestReferrals.valid(ReferralKind.CHILD_DEATH_NOTIFICATION);
        ((ObjectNode) event.at("/data/death")).put("expectedness", "maybe");
        ObjectNode named = event.deepCopy().put("id", "Ellie-Mae Throckmorton");

        assertThatThrownBy(() -> validator.validate(bytes(event)))
                .isInstanceOfSatisfying(ReferralRejectedException.class,
                        e -> assertThat(e.eventId()).isEqualTo(event.get("id").asText()));
        assertThatThrownBy(() -> validator.validate(bytes(named)))
                .isInstanceOfSatisfying(ReferralRejectedException.class, e -> assertThat(e.eventId()).isNull());
        assertThatThrownBy(() -> validator.validate("{\"id\": \"x\",".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(ReferralRejectedException.class, e -> assertThat(e.eventId()).isNull());
    }

    @Test
    void sameReferralWithOtherWhitespaceHashesTheSame() {
        ObjectNode event = TestReferrals.valid(ReferralKind.LADO_ALLEGATION);
        byte[] pretty = event.toPrettyString().getBytes(StandardCharsets.UTF_8);

        assertThat(validator.validate(pretty).sha256()).isEqualTo(validator.validate(bytes(event)).sha256());
    }

    @Test
    void schemaMessagesStartWithTheFieldsPointerOrWithTheErrorItselfNeverWithAStrayColon() {
        ObjectNode event = TestReferrals.valid(ReferralKind.CHILD_DEATH_NOTIFICATION);
        event.remove("source");
        ObjectNode noData = TestReferrals.valid(ReferralKind.CHILD_DEATH_NOTIFICATION);
        noData.set("data", TestReferrals.JSON.createObjectNode());

        assertThatThrownBy(() -> validator.validate(bytes(event)))
                .isInstanceOfSatisfying(ReferralRejectedException.class,
                        e -> assertThat(e.getMessage()).startsWith("required property 'source' not found"));
        assertThatThrownBy(() -> validator.validate(bytes(noData)))
                .isInstanceOfSatisfying(ReferralRejectedException.class, e -> {
                    assertThat(e.field()).isEqualTo("/data/child");
                    assertThat(validator.allViolations(e)).extracting(ReferralValidator.Violation::message)
                            .allSatisfy(m -> assertThat(m).startsWith("/data: required property '").doesNotContain(": :"));
                });
        ObjectNode badNhs = TestReferrals.valid(ReferralKind.CHILD_DEATH_NOTIFICATION);
        ((ObjectNode) badNhs.at("/data/child")).put("nhsNumber", "12");
        assertThatThrownBy(() -> validator.validate(bytes(badNhs)))
                .isInstanceOfSatisfying(ReferralRejectedException.class,
                        e -> assertThat(e.getMessage()).startsWith("/data/child/nhsNumber: ").doesNotContain("12\""));
    }
}
