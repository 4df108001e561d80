package org.opensafeguarding.workflow.intake;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.opensafeguarding.workflow.support.TestReferrals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.opensafeguarding.workflow.support.TestReferrals.bytes;

/**
 * The rules after the schema ({@link ReferralRules}) and the text rules before it ({@link TextIntegrity}), pure:
 * the validator with a fixed clock, no database, no Spring. The same cases go through REST and Kafka in
 * {@link ReferralRulesIntakeTest}.
 */
class ReferralRulesTest {

    /** Mon 4 Mar 2024 09:00 London, the process tests' day. */
    private static final Instant NOW = Instant.parse("2024-03-04T09:00:00Z");

    private static ReferralValidator validatorAt(Instant now) {
        return new ReferralValidator(IntakeProperties.defaults(), Clock.fixed(now, ZoneOffset.UTC));
    }

    private final ReferralValidator validator = validatorAt(NOW);

    /** One spoilt referral: its kind, how it is spoilt, the field and rule it must be refused on. */
    record Bad(String name, ReferralKind kind, Consumer<ObjectNode> spoil, String field, String rule, String value) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static ObjectNode at(ObjectNode event, String pointer) {
        return (ObjectNode) event.at(pointer);
    }

    /** The cases every channel must refuse; {@code value} is what the message must not repeat. */
    static List<Bad> badReferrals() {
        return List.of(
                new Bad("death before birth", ReferralKind.CHILD_DEATH_NOTIFICATION,
                        e -> at(e, "/data/death").put("dateOfDeath", "2016-05-16"),
                        "/data/death/dateOfDeath", "date-order", "2016-05-16"),
                new Bad("incident before birth", ReferralKind.SERIOUS_CASE_REVIEW_REFERRAL,
                        e -> at(e, "/data/incident").put("date", "2015-01-02"),
                        "/data/incident/date", "date-order", "2015-01-02"),
                new Bad("LA aware before the incident", ReferralKind.SERIOUS_INCIDENT_NOTIFICATION,
                        e -> at(e, "/data/incident").put("localAuthorityAwareDate", "2024-01-08"),
                        "/data/incident/localAuthorityAwareDate", "date-order", "2024-01-08"),
                new Bad("allegation reported after the LADO received it", ReferralKind.LADO_ALLEGATION,
                        e -> {
                            at(e, "/data").put("receivedDate", "2024-03-01");
                            at(e, "/data/allegation").put("reportedDate", "2024-03-02");
                        },
                        "/data/receivedDate", "date-order", "2024-03-02"),
                new Bad("a date in 2999", ReferralKind.LADO_ALLEGATION,
                        e -> ((ObjectNode) e.get("data")).put("receivedDate", "2999-01-01"),
                        "/data/receivedDate", "not-future", "2999-01-01"),
                new Bad("a date in year 0000", ReferralKind.SERIOUS_INCIDENT_NOTIFICATION,
                        e -> at(e, "/data/child").put("dateOfBirth", "0000-01-01"),
                        "/data/child/dateOfBirth", "date-floor", "0000-01-01"),
                new Bad("a blank narrative", ReferralKind.LADO_ALLEGATION,
                        e -> at(e, "/data/allegation").put("narrative", " \t\n "),
                        "/data/allegation/narrative", "not-blank", null),
                new Bad("a blank accused name", ReferralKind.LADO_ALLEGATION,
                        e -> at(e, "/data/accused").put("familyName", "   "),
                        "/data/accused/familyName", "not-blank", null),
                new Bad("a notifier name of no-break and zero-width spaces", ReferralKind.CHILD_DEATH_NOTIFICATION,
                        e -> at(e, "/data/notifier").put("name", "\u00a0\u200b\u3000"),
                        "/data/notifier/name", "not-blank", null),
                new Bad("a tenant case.open refuses", ReferralKind.LADO_ALLEGATION,
                        e -> e.put("tenantid", ReferralRulesIntakeTest.LONG_TENANT),
                        "/tenantid", "tenant-code", ReferralRulesIntakeTest.LONG_TENANT),
                new Bad("an escaped NUL in a text field", ReferralKind.LADO_ALLEGATION,
                        e -> at(e, "/data/allegation").put("narrative", "Quennell\u0000grabbed"),
                        "/data/allegation/narrative", "control-character", "Quennell"),
                new Bad("a lone surrogate escape", ReferralKind.CHILD_DEATH_NOTIFICATION,
                        e -> at(e, "/data/child").put("givenName", "Ellie" + LONE_SURROGATE),
                        "/data/child/givenName", "unpaired-surrogate", "Ellie"),
                new Bad("a C1 control", ReferralKind.SERIOUS_CASE_REVIEW_REFERRAL,
                        e -> at(e, "/data/incident").put("summary", "Admitted\u0085with fractures"),
                        "/data/incident/summary", "control-character", "Admitted"),
                new Bad("a control character in the envelope", ReferralKind.SERIOUS_CASE_REVIEW_REFERRAL,
                        e -> e.put("source", "urn:test:mash\u007f"),
                        "/source", "control-character", "urn:test:mash"));
    }

    /**
     * Stands for the six characters (backslash, u, d800) in the JSON text: Jackson would write a lone surrogate char as
     * raw (invalid) UTF-16 and {@code getBytes} would turn it into {@code ?}, so the escape is put in by hand.
     */
    static final String LONE_SURROGATE = "@@lone-surrogate@@";

    /** The event as a producer sends it, with {@link #LONE_SURROGATE} as the escape it stands for. */
    static byte[] encode(ObjectNode event) {
        return event.toString().replace(LONE_SURROGATE, "\\ud800").getBytes(StandardCharsets.UTF_8);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badReferrals")
    void eachImpossibleReferralIsRefusedOnItsFieldAndRuleWithoutRepeatingTheValue(Bad bad) {
        ObjectNode event = TestReferrals.valid(bad.kind());
        bad.spoil().accept(event);

        assertThatThrownBy(() -> validator.validate(encode(event)))
                .isInstanceOfSatisfying(ReferralRejectedException.class, e -> {
                    assertThat(e.reason()).isEqualTo(RejectionReason.INVALID_DATA);
                    assertThat(e.field()).isEqualTo(bad.field());
                    assertThat(e.rule()).isEqualTo(bad.rule());
                    assertThat(e.eventId()).isEqualTo(event.get("id").asText());
                    if (bad.value() != null) {
                        assertThat(validator.allViolations(e)).extracting(ReferralValidator.Violation::message)
                                .allSatisfy(m -> assertThat(m).doesNotContain(bad.value()));
                    }
                });
    }

    @Test
    void everyFixtureIsValidOnTheProcessTestsDay() {
        for (ReferralKind kind : ReferralKind.values()) {
            assertThatCode(() -> validator.validate(bytes(TestReferrals.valid(kind)))).as(kind.name())
                    .doesNotThrowAnyException();
        }
    }

    @Test
    void everyViolationIsReportedInAStableOrder() {
        ObjectNode event = TestReferrals.valid(ReferralKind.LADO_ALLEGATION);
        at(event, "/data/allegation").put("narrative", " ");
        at(event, "/data/referrer").put("name", " ");
        at(event, "/data/allegation").put("incidentDate", "2024-03-05");

        assertThatThrownBy(() -> validator.validate(bytes(event)))
                .isInstanceOfSatisfying(ReferralRejectedException.class, e -> assertThat(validator.allViolations(e))
                        .extracting(v -> v.field() + " " + v.rule())
                        .containsExactly("/data/allegation/incidentDate not-future", "/data/receivedDate date-order",
                                "/data/referrer/name not-blank", "/data/allegation/narrative not-blank"));
    }

    @Test
    void aRefusedDateOrderNamesTheEarlierFieldItMustNotPrecede() {
        ObjectNode event = TestReferrals.valid(ReferralKind.CHILD_DEATH_NOTIFICATION);
        at(event, "/data/death").put("dateOfDeath", "2010-01-01");

        assertThatThrownBy(() -> validator.validate(bytes(event)))
                .hasMessage("/data/death/dateOfDeath: must not be before /data/child/dateOfBirth");
    }

    @Test
    void aDateBeforeTheFloorIsRefusedAndTheFloorIsConfigurable() {
        ObjectNode event = TestReferrals.valid(ReferralKind.LADO_ALLEGATION);
        at(event, "/data/accused").put("dateOfBirth", "1899-12-31");
        ObjectNode later = TestReferrals.valid(ReferralKind.LADO_ALLEGATION);
        at(later, "/data/accused").put("dateOfBirth", "1950-01-01");
        ReferralValidator strict = new ReferralValidator(new IntakeProperties(null, null, null, null, null, null, null,
                null, LocalDate.of(1960, 1, 1)), Clock.fixed(NOW, ZoneOffset.UTC));

        assertThatThrownBy(() -> validator.validate(bytes(event)))
                .isInstanceOfSatisfying(ReferralRejectedException.class, e -> {
                    assertThat(e.field()).isEqualTo("/data/accused/dateOfBirth");
                    assertThat(e.rule()).isEqualTo("date-floor");
                    assertThat(e.getMessage()).contains("1900-01-01");
                });
        assertThatCode(() -> validator.validate(bytes(later))).doesNotThrowAnyException();
        assertThatThrownBy(() -> strict.validate(bytes(later)))
                .isInstanceOfSatisfying(ReferralRejectedException.class, e -> assertThat(e.rule()).isEqualTo("date-floor"));
    }

    @Test
    void aDateOnlyFieldIsComparedWithTheLondonDayAtNowPlusTheSkew() {
        ObjectNode tomorrow = TestReferrals.valid(ReferralKind.LADO_ALLEGATION);
        ((ObjectNode) tomorrow.get("data")).put("receivedDate", "2024-03-05");

        assertThatThrownBy(() -> validator.validate(bytes(tomorrow)))
                .isInstanceOfSatisfying(ReferralRejectedException.class, e -> assertThat(e.rule()).isEqualTo("not-future"));
        // 23:55 London: five minutes of the default ten-minute skew reach tomorrow
        assertThatCode(() -> validatorAt(Instant.parse("2024-03-04T23:55:00Z")).validate(bytes(tomorrow)))
                .doesNotThrowAnyException();
        // in summer time London's tomorrow starts at 23:00 UTC
        ObjectNode summer = TestReferrals.valid(ReferralKind.LADO_ALLEGATION);
        ((ObjectNode) summer.get("data")).put("receivedDate", "2024-06-12");
        assertThatCode(() -> validatorAt(Instant.parse("2024-06-11T22:55:00Z")).validate(bytes(summer)))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> validatorAt(Instant.parse("2024-06-11T22:45:00Z")).validate(bytes(summer)))
                .isInstanceOf(ReferralRejectedException.class);
    }

    @Test
    void theNotifiedDateTimeMayBeAheadOfTheClockByTheSkewOnly() {
        ObjectNode soon = TestReferrals.valid(ReferralKind.CHILD_DEATH_NOTIFICATION);
        ((ObjectNode) soon.get("data")).put("notifiedAt", "2024-03-04T09:05:00Z");
        ObjectNode tooSoon = TestReferrals.valid(ReferralKind.CHILD_DEATH_NOTIFICATION);
        ((ObjectNode) tooSoon.get("data")).put("notifiedAt", "2024-03-04T09:15:00Z");

        assertThatCode(() -> validator.validate(bytes(soon))).doesNotThrowAnyException();
        assertThatThrownBy(() -> validator.validate(bytes(tooSoon)))
                .isInstanceOfSatisfying(ReferralRejectedException.class, e -> {
                    assertThat(e.field()).isEqualTo("/data/notifiedAt");
                    assertThat(e.rule()).isEqualTo("not-future");
                });
    }

    @Test
    void theCdopCannotBeNotifiedBeforeTheDeathNotEvenEarlierThatDay() {
        ObjectNode dayBefore = TestReferrals.valid(ReferralKind.CHILD_DEATH_NOTIFICATION);
        ((ObjectNode) dayBefore.get("data")).put("notifiedAt", "2024-02-10T12:00:00Z");
        // the fixture's death is at 03:40 on 11 Feb
        ObjectNode hourBefore = TestReferrals.valid(ReferralKind.CHILD_DEATH_NOTIFICATION);
        ((ObjectNode) hourBefore.get("data")).put("notifiedAt", "2024-02-11T02:40:00Z");
        ObjectNode after = TestReferrals.valid(ReferralKind.CHILD_DEATH_NOTIFICATION);
        ((ObjectNode) after.get("data")).put("notifiedAt", "2024-02-11T05:00:00+00:00");

        for (ObjectNode bad : List.of(dayBefore, hourBefore)) {
            assertThatThrownBy(() -> validator.validate(bytes(bad)))
                    .isInstanceOfSatisfying(ReferralRejectedException.class, e -> {
                        assertThat(e.field()).isEqualTo("/data/notifiedAt");
                        assertThat(e.rule()).isEqualTo("date-order");
                        assertThat(e.getMessage()).contains("/data/death/dateOfDeath");
                    });
        }
        assertThatCode(() -> validator.validate(bytes(after))).doesNotThrowAnyException();
    }

    @Test
    void theNotifiedDateTimeIsTheC1StopWhenGivenAndTheReceiptOtherwise() {
        ObjectNode data = TestReferrals.data(ReferralKind.CHILD_DEATH_NOTIFICATION);
        Instant received = Instant.parse("2024-03-04T09:00:00Z");

        assertThat(ReferralKind.CHILD_DEATH_NOTIFICATION.startVariables(data, received))
                .containsEntry("notifiedAt", "2024-03-04T09:00:00Z");
        data.put("notifiedAt", "2024-02-11T14:05:00+01:00");
        assertThat(ReferralKind.CHILD_DEATH_NOTIFICATION.startVariables(data, received))
                .containsEntry("notifiedAt", "2024-02-11T13:05:00Z");
    }

    @Test
    void aClockStartOutsideTheWorkingDayCalendarIsRefusedBecauseNoDeadlineCouldBeComputed() {
        ObjectNode event = TestReferrals.valid(ReferralKind.LADO_ALLEGATION);
        ((ObjectNode) event.get("data")).put("receivedDate", "2005-06-01");
        at(event, "/data/allegation").put("incidentDate", "2005-05-01");
        // a birth date is no clock start: any date since the floor is fine
        ObjectNode old = TestReferrals.valid(ReferralKind.LADO_ALLEGATION);
        at(old, "/data/accused").put("dateOfBirth", "1931-02-03");

        assertThatThrownBy(() -> validator.validate(bytes(event)))
                .isInstanceOfSatisfying(ReferralRejectedException.class, e -> {
                    assertThat(e.field()).isEqualTo("/data/receivedDate");
                    assertThat(e.rule()).isEqualTo("working-day-calendar");
                });
        assertThatCode(() -> validator.validate(bytes(old))).doesNotThrowAnyException();
    }

    @Test
    void aBlankOptionalNameIsRefusedButTabsNewlinesAndSurrogatePairsAreText() {
        ObjectNode blank = TestReferrals.valid(ReferralKind.SERIOUS_INCIDENT_NOTIFICATION);
        at(blank, "/data/child").put("givenName", " ");
        ObjectNode text = TestReferrals.valid(ReferralKind.LADO_ALLEGATION);
        at(text, "/data/allegation").put("narrative", "Line one\r\n\tLine two \uD83D\uDE00 (an emoji)");

        assertThatThrownBy(() -> validator.validate(bytes(blank)))
                .isInstanceOfSatisfying(ReferralRejectedException.class, e -> {
                    assertThat(e.field()).isEqualTo("/data/child/givenName");
                    assertThat(e.rule()).isEqualTo("not-blank");
                });
        assertThatCode(() -> validator.validate(bytes(text))).doesNotThrowAnyException();
    }

    @Test
    void aNotifiedDateTimeJavaCannotReadIsRefusedNotMisreadAndLowerCaseIsReadAsUpperCase() {
        ObjectNode leapSecond = TestReferrals.valid(ReferralKind.CHILD_DEATH_NOTIFICATION);
        ((ObjectNode) leapSecond.at("/data/death")).put("dateOfDeath", "2016-12-30");
        ((ObjectNode) leapSecond.get("data")).put("notifiedAt", "2016-12-31T23:59:60Z");
        ObjectNode lowerCase = TestReferrals.valid(ReferralKind.CHILD_DEATH_NOTIFICATION);
        ((ObjectNode) lowerCase.get("data")).put("notifiedAt", "2024-02-11t14:05:00z");

        assertThatThrownBy(() -> validatorAt(Instant.parse("2017-01-02T09:00:00Z")).validate(bytes(leapSecond)))
                .isInstanceOfSatisfying(ReferralRejectedException.class, e -> {
                    assertThat(e.field()).isEqualTo("/data/notifiedAt");
                    assertThat(e.rule()).isIn("format", "usable-date");
                });
        assertThat(ReferralKind.CHILD_DEATH_NOTIFICATION.startVariables(validator.validate(bytes(lowerCase)).data(),
                NOW)).containsEntry("notifiedAt", "2024-02-11T14:05:00Z");
    }

    @Test
    void aTenantCodeOfSixtyFourCharactersIsAcceptedAndOfSixtyFiveIsNot() {
        ObjectNode ok = TestReferrals.valid(ReferralKind.LADO_ALLEGATION).put("tenantid", "t".repeat(64));
        ObjectNode tooLong = TestReferrals.valid(ReferralKind.LADO_ALLEGATION).put("tenantid", "t".repeat(65));

        assertThat(validator.validate(bytes(ok)).declaredTenant()).hasSize(64);
        assertThatThrownBy(() -> validator.validate(bytes(tooLong)))
                .isInstanceOfSatisfying(ReferralRejectedException.class, e -> assertThat(e.rule()).isEqualTo("tenant-code"));
    }

    static Stream<Arguments> malformedUtf8() {
        return Stream.of(
                Arguments.of("overlong NUL (C0 80)", new byte[] {(byte) 0xC0, (byte) 0x80}),
                Arguments.of("overlong slash (E0 80 AF)", new byte[] {(byte) 0xE0, (byte) 0x80, (byte) 0xAF}),
                Arguments.of("surrogate encoded in UTF-8 (ED A0 80)", new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}),
                Arguments.of("truncated sequence (E2 82)", new byte[] {(byte) 0xE2, (byte) 0x82}),
                Arguments.of("Latin-1 byte (E9)", new byte[] {(byte) 0xE9}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedUtf8")
    void rawBytesThatAreNotStrictUtf8AreRefusedBeforeJsonIsRead(String name, byte[] sequence) {
        byte[] raw = withNarrativeBytes(TestReferrals.valid(ReferralKind.LADO_ALLEGATION), sequence);

        assertThatThrownBy(() -> validator.validate(raw))
                .isInstanceOfSatisfying(ReferralRejectedException.class, e -> {
                    assertThat(e.reason()).isEqualTo(RejectionReason.INVALID_JSON);
                    assertThat(e.field()).isEqualTo("/data/allegation/narrative");
                    assertThat(e.rule()).isEqualTo("utf-8");
                    assertThat(e.getMessage()).contains("at byte ").doesNotContain("grabbed");
                });
    }

    @Test
    void badBytesInAMemberNameAreNamedByTheirObjectAndOutsideAnyValueByTheRecord() {
        byte[] inName = "{\"specversion\":\"1.0\",\"data\":{\"a\u00e9\":1}}".getBytes(StandardCharsets.UTF_8);
        inName[inName.length - 7] = (byte) 0xE9; // the é becomes a three-byte lead with one continuation byte
        byte[] structural = new byte[] {'{', (byte) 0xFF, '}'};

        assertThatThrownBy(() -> validator.validate(inName))
                .isInstanceOfSatisfying(ReferralRejectedException.class, e -> {
                    assertThat(e.rule()).isEqualTo("utf-8");
                    assertThat(e.field()).isEqualTo("/data");
                });
        assertThatThrownBy(() -> validator.validate(structural))
                .isInstanceOfSatisfying(ReferralRejectedException.class, e -> {
                    assertThat(e.rule()).isEqualTo("utf-8");
                    assertThat(e.field()).isEmpty();
                });
    }

    /** The referral's bytes with {@code sequence} spliced into the narrative, as a producer would send them. */
    static byte[] withNarrativeBytes(ObjectNode event, byte[] sequence) {
        at(event, "/data/allegation").put("narrative", "grabbed@@SPLICE@@arm");
        String json = event.toString();
        int splice = json.indexOf("@@SPLICE@@");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(json.substring(0, splice).getBytes(StandardCharsets.UTF_8));
        out.writeBytes(sequence);
        out.writeBytes(json.substring(splice + "@@SPLICE@@".length()).getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }
}
