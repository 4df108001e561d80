package org.opensafeguarding.workflow.deadlines;

import org.junit.jupiter.api.Test;
import org.opensafeguarding.calendar.DeadlineCalculator;
import org.opensafeguarding.workflow.casefile.InvalidCaseDataException;
import org.opensafeguarding.workflow.deadlines.DeadlinePlanner.Planned;
import org.opensafeguarding.workflow.deadlines.DeadlinePlanner.Request;
import org.opensafeguarding.workflow.tenancy.Tenancy;
import org.opensafeguarding.workflow.tenancy.TenancyProperties;
import org.opensafeguarding.workflow.tenancy.TenantConfig;
import org.opensafeguarding.workflow.tenancy.TenantSettings;

import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What {@code deadline.compute} returns, rule by rule (docs/processes.md §1.3, DOMAIN §2.1). */
class DeadlinePlannerTest {

    private final DeadlinePlanner planner = new DeadlinePlanner(DeadlineCalculator.englandAndWales());
    private final TenantConfig tenant = new Tenancy(new TenancyProperties(null, Map.of())).forTenant("default");
    private final Instant now = Instant.parse("2024-03-04T09:00:00Z");

    private List<Planned> plan(Map<String, String> headers, Map<String, Object> variables) {
        return plan(headers, variables, tenant);
    }

    private List<Planned> plan(Map<String, String> headers, Map<String, Object> variables, TenantConfig config) {
        return planner.plan(Request.fromHeaders(headers), config, variables, now);
    }

    @Test
    void fiveWorkingDaysFromThursday28March2013SkipEasterAreDueOnMonday8AprilAndLateFromTuesday() {
        // DOMAIN §2.1: day 0 is Thu 28 Mar; Good Friday 29 Mar and Easter Monday 1 Apr are holidays;
        // Tue 2, Wed 3, Thu 4, Fri 5, Mon 8 Apr are days 1-5: due Mon 8 Apr (its last second, BST, after the clock
        // change of 31 Mar), late from Tue 9 Apr 00:00 London
        List<Planned> planned = plan(Map.of("timescaleIds", "L2b", "clockStart", "referralReceivedAt"),
                Map.of("referralReceivedAt", "2013-03-28T10:30:00Z"));

        assertThat(planned).singleElement().satisfies(p -> {
            assertThat(p.variable()).isEqualTo("dueL2b");
            assertThat(p.dueText()).isEqualTo("2013-04-08T23:59:59+01:00");
            assertThat(p.breachVariable()).isEqualTo("breachAtL2b");
            assertThat(p.breachAtText()).isEqualTo("2013-04-09T00:00:00+01:00");
            assertThat(p.dueOn()).isEqualTo(LocalDate.of(2013, 4, 8));
            assertThat(p.breachable()).isTrue();
            assertThat(p.clockStart()).isEqualTo(Instant.parse("2013-03-28T10:30:00Z"));
        });
    }

    @Test
    void aDateWithoutTimeStartsAtTheBeginningOfThatDayInLondon() {
        List<Planned> planned = plan(Map.of("timescaleIds", "L2b", "clockStart", "referralReceivedAt"),
                Map.of("referralReceivedAt", "2013-03-28"));

        assertThat(planned.get(0).dueText()).isEqualTo("2013-04-08T23:59:59+01:00");
        assertThat(planned.get(0).clockStart()).isEqualTo(Instant.parse("2013-03-28T00:00:00Z"));
    }

    @Test
    void theLadoStartComputesEveryTimescaleOfItsHeaderWithTheOverrideAndTheL8bAliases() {
        Map<String, String> headers = Map.of("timescaleIds", "L1,L1a,L2b,L8a,L8b1,L8b3,L8b12",
                "clockStart", "referralReceivedAt", "clockStartOverrides", "L1=allegationReportedAt");
        List<Planned> planned = plan(headers, Map.of("referralReceivedAt", "2024-03-04T09:00:00Z",
                "allegationReportedAt", "2024-03-01T00:00:00Z"));

        Map<String, String> due = new HashMap<>();
        planned.forEach(p -> due.put(p.variable(), p.dueText()));
        assertThat(due).containsEntry("dueL1", "2024-03-04T23:59:59Z")      // Fri 1 Mar + 1 WD = Mon 4 Mar
                .containsEntry("dueL1a", "2024-03-07T23:59:59Z")             // Mon + 3 WD = Thu 7 Mar
                .containsEntry("dueL2b", "2024-03-11T23:59:59Z")             // Mon + 5 WD = Mon 11 Mar
                .containsEntry("dueL8a", "2024-03-11T23:59:59Z")             // 1 week
                .containsEntry("dueL8b1", "2024-04-04T23:59:59+01:00")       // 1 month, BST from 31 Mar
                .containsEntry("dueL8b3", "2024-06-04T23:59:59+01:00")
                .containsEntry("dueL8b12", "2025-03-04T23:59:59Z");
        assertThat(planned.stream().filter(p -> p.timescaleId().equals("L1")).findFirst().orElseThrow().clockStart())
                .isEqualTo(Instant.parse("2024-03-01T00:00:00Z"));
    }

    @Test
    void aMissingOverrideClockStartLeavesThatDueDateEmptyForTheModelsNullCheck() {
        Map<String, String> headers = Map.of("timescaleIds", "L1,L2b", "clockStart", "referralReceivedAt",
                "clockStartOverrides", "L1=allegationReportedAt");
        List<Planned> planned = plan(headers, Map.of("referralReceivedAt", "2024-03-04T09:00:00Z"));

        assertThat(planned).extracting(Planned::variable, Planned::dueText, Planned::breachable)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("dueL1", null, false),
                        org.assertj.core.groups.Tuple.tuple("dueL2b", "2024-03-11T23:59:59Z", true));
    }

    @Test
    void hoursAreElapsedHoursFromNowAcrossTheClockChange() {
        Instant fridayMorning = Instant.parse("2023-10-27T09:00:00Z"); // 10:00 BST
        List<Planned> planned = planner.plan(Request.fromHeaders(Map.of("timescaleIds", "L2a", "clockStart", "now")),
                tenant, Map.of(), fridayMorning);

        // 72 h later is Mon 30 Oct 09:00 GMT (the clocks went back on the Sunday): late from then, due to the second
        // before, shown to the minute as 08:59
        assertThat(planned.get(0).breachAtText()).isEqualTo("2023-10-30T09:00:00Z");
        assertThat(planned.get(0).dueText()).isEqualTo("2023-10-30T08:59:59Z");
        assertThat(planned.get(0).dueOn()).isEqualTo(LocalDate.of(2023, 10, 30));
    }

    @Test
    void aResultVariableReplacesTheDueName() {
        List<Planned> planned = plan(Map.of("timescaleIds", "L3", "clockStart", "now", "resultVariable", "duePoliceReview"),
                Map.of());

        assertThat(planned.get(0).variable()).isEqualTo("duePoliceReview");
        assertThat(planned.get(0).dueText()).isEqualTo("2024-04-01T23:59:59+01:00"); // 4 weeks: last day Mon 1 Apr
        assertThat(planned.get(0).breachVariable()).isEqualTo("breachAtPoliceReview");
    }

    @Test
    void theAdvanceCopyCountsBackSevenWorkingDaysFromThePlannedPublication() {
        // services/calendar README: sent Mon 1 Jul 2019 allows publication from Wed 10 Jul 2019
        List<Planned> planned = plan(Map.of("timescaleIds", "R4", "clockStart", "plannedPublicationOn"),
                Map.of("plannedPublicationOn", "2019-07-10"));

        assertThat(planned.get(0).dueOn()).isEqualTo(LocalDate.of(2019, 7, 1));
        assertThat(planned.get(0).dueText()).isEqualTo("2019-07-01T23:59:59+01:00");
        assertThat(planned.get(0).breachAtText()).isEqualTo("2019-07-02T00:00:00+01:00");
        assertThat(planned.get(0).breachable()).isTrue();
    }

    @Test
    void aMinimumDisplayPeriodGivesTheEarliestRemovalAndIsNotABreachableDeadline() {
        List<Planned> planned = plan(Map.of("timescaleIds", "T6", "clockStart", "publishedOn"),
                Map.of("publishedOn", "2016-05-10"));

        assertThat(planned.get(0).dueText()).isEqualTo("2017-05-10T00:00:00+01:00");
        assertThat(planned.get(0).breachable()).isFalse();
        assertThat(planned.get(0).breachAtText()).isNull();
    }

    @Test
    void theReportingFormReturnIsALocalTimescaleTheTenantConfigures() {
        TenantConfig leeds = new Tenancy(new TenancyProperties(null, Map.of("leeds", new TenantSettings(null, null,
                null, null, Map.of("C1", "24 HOURS"), Map.of("CRF", "10 WORKING_DAYS"), null)))).forTenant("leeds");
        Map<String, String> crf = Map.of("timescaleIds", "CRF", "clockStart", "now", "resultVariable", "dueReportingForm");

        assertThat(plan(crf, Map.of()).get(0).dueText()).isEqualTo("2024-04-03T23:59:59+01:00"); // default 20 WD, over Easter
        assertThat(plan(crf, Map.of(), leeds).get(0).dueText()).isEqualTo("2024-03-18T23:59:59Z");
        assertThat(plan(Map.of("timescaleIds", "C1", "clockStart", "now"), Map.of(), leeds).get(0).dueText())
                .isEqualTo("2024-03-05T08:59:59Z");
    }

    @Test
    void aDeadlineWhoseConditionDoesNotHoldIsNotOwedAndGetsNoDueDate() {
        // L1a (written follow-up) only for a verbal referral; L2a only with immediate concerns, L2b only without
        Map<String, String> headers = Map.of("timescaleIds", "L1a,L2a,L2b", "clockStart", "referralReceivedAt",
                "owedWhen", "L1a=owedL1a,L2a=owedL2a,L2b=owedL2b");
        Map<String, Object> written = Map.of("referralReceivedAt", "2024-03-04T09:00:00Z", "owedL1a", false,
                "owedL2a", false, "owedL2b", true);
        assertThat(plan(headers, written)).extracting(Planned::variable, Planned::dueText, Planned::breachable)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("dueL1a", null, false),
                        org.assertj.core.groups.Tuple.tuple("dueL2a", null, false),
                        org.assertj.core.groups.Tuple.tuple("dueL2b", "2024-03-11T23:59:59Z", true));
        Map<String, Object> verbalUrgent = Map.of("referralReceivedAt", "2024-03-04T09:00:00Z", "owedL1a", true,
                "owedL2a", true, "owedL2b", false);
        assertThat(plan(headers, verbalUrgent)).extracting(Planned::variable, Planned::dueText)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("dueL1a", "2024-03-07T23:59:59Z"),
                        org.assertj.core.groups.Tuple.tuple("dueL2a", "2024-03-07T08:59:59Z"),
                        org.assertj.core.groups.Tuple.tuple("dueL2b", null));
    }

    @Test
    void aConditionThatIsNotABooleanIsAModelErrorNamingTheVariable() {
        Map<String, String> headers = Map.of("timescaleIds", "L1a", "clockStart", "now", "owedWhen", "L1a=owedL1a");
        assertThatThrownBy(() -> plan(headers, Map.of()))
                .isInstanceOf(InvalidCaseDataException.class)
                .hasMessageStartingWith("owedL1a: must be true or false");
        assertThatThrownBy(() -> Request.fromHeaders(Map.of("timescaleIds", "L1a", "clockStart", "now",
                "owedWhen", "L2a=owedL2a")))
                .hasMessageContaining("header owedWhen: L2a is not one of the timescaleIds");
    }

    @Test
    void aDutyDoneBeforeItsClockIsComputedIsMetWhenDoneByTheLastSecondOnTime() {
        // L1: allegation reported Fri 1 Mar, due Mon 4 Mar; the referral itself is the report
        Map<String, String> headers = Map.of("timescaleIds", "L1", "clockStart", "allegationReportedAt",
                "clockStops", "L1=referralReceivedAt");
        assertThat(plan(headers, Map.of("allegationReportedAt", "2024-03-01", "referralReceivedAt",
                "2024-03-04T23:59:59Z")).get(0).metAtOnce()).isTrue();
        assertThat(plan(headers, Map.of("allegationReportedAt", "2024-03-01", "referralReceivedAt",
                "2024-03-05T00:00:00Z")).get(0).metAtOnce()).isFalse();
    }

    @Test
    void anUnknownTimescaleIsRefusedNamingTheHeaderAndTheKnownIds() {
        assertThatThrownBy(() -> plan(Map.of("timescaleIds", "L2c", "clockStart", "now"), Map.of()))
                .isInstanceOf(InvalidCaseDataException.class)
                .hasMessageContaining("header timescaleIds: unknown timescale 'L2c'")
                .hasMessageContaining("L2b");
        assertThatThrownBy(() -> plan(Map.of("timescaleIds", "C5", "clockStart", "now"), Map.of()))
                .hasMessageContaining("C5 is not modelled");
    }

    @Test
    void aMissingOrMalformedClockStartIsRefusedNamingTheVariable() {
        Map<String, String> headers = Map.of("timescaleIds", "L2b", "clockStart", "referralReceivedAt");
        assertThatThrownBy(() -> plan(headers, Map.of()))
                .isInstanceOf(InvalidCaseDataException.class)
                .hasMessageStartingWith("referralReceivedAt: missing");
        assertThatThrownBy(() -> plan(headers, Map.of("referralReceivedAt", "last Tuesday")))
                .isInstanceOf(InvalidCaseDataException.class)
                .hasMessageContaining("referralReceivedAt: 'last Tuesday' is not an ISO 8601 date");
        assertThatThrownBy(() -> plan(headers, Map.of("referralReceivedAt", 20240304)))
                .hasMessageContaining("referralReceivedAt: must be an ISO 8601 date or date-time string");
    }

    @Test
    void aDateBeyondTheBankHolidayDataIsRefusedRatherThanGuessed() {
        assertThatThrownBy(() -> plan(Map.of("timescaleIds", "L2b", "clockStart", "referralReceivedAt"),
                Map.of("referralReceivedAt", "2031-01-06")))
                .isInstanceOf(InvalidCaseDataException.class)
                .hasMessageContaining("outside the England and Wales bank-holiday data");
    }

    @Test
    void malformedHeadersAreRefused() {
        assertThatThrownBy(() -> Request.fromHeaders(Map.of("clockStart", "now")))
                .hasMessageContaining("header timescaleIds: missing");
        assertThatThrownBy(() -> Request.fromHeaders(Map.of("timescaleIds", "L2b")))
                .hasMessageContaining("header clockStart: missing");
        assertThatThrownBy(() -> Request.fromHeaders(Map.of("timescaleIds", "L4,L5", "clockStart", "now",
                "resultVariable", "dueHearing")))
                .hasMessageContaining("header resultVariable: only allowed with exactly one timescale id");
        assertThatThrownBy(() -> Request.fromHeaders(Map.of("timescaleIds", "L2b", "clockStart", "now",
                "clockStartOverrides", "T1=laAwareAt")))
                .hasMessageContaining("header clockStartOverrides: T1 is not one of the timescaleIds");
    }
}
