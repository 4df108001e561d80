package org.opensafeguarding.workflow.tenancy;

import org.junit.jupiter.api.Test;
import org.opensafeguarding.calendar.Timescale;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Tenant settings: defaults, per-tenant overrides, and the start-up check that refuses bad values. */
class TenancyTest {

    private static TenantSettings settings(Map<String, String> timescales, Map<String, String> local, String turnaround) {
        return new TenantSettings(turnaround, null, null, null, timescales, local, null);
    }

    @Test
    void aTenantWithoutSettingsGetsTheBuiltInDefaults() {
        TenantConfig config = new Tenancy(new TenancyProperties(null, Map.of())).forTenant("anywhere");

        assertThat(config.defaultTaskTurnaround()).isEqualTo("P5D");
        assertThat(config.escalationTurnaround()).isEqualTo("P2D");
        assertThat(config.reviewMeetingCycle()).isEqualTo("R/P4W");
        assertThat(config.actionPlanReviewInterval()).isEqualTo("P3M");
        assertThat(config.localTimescale("crf")).contains(Timescale.workingDays(20));
        assertThat(config.timescales().timescale("C1")).isEqualTo(Timescale.hours(48));
        assertThat(config.agencies()).hasSize(12);
    }

    @Test
    void aTenantOverridesTheDefaultsKeyByKeyWhateverTheCaseOfTheIds() {
        Tenancy tenancy = new Tenancy(new TenancyProperties(settings(Map.of(), Map.of(), "P10D"),
                Map.of("leeds", new TenantSettings(null, "P1D", null, null, Map.of("c1", "24 HOURS"),
                        Map.of("crf", "15 WORKING_DAYS"), List.of(new TenantSettings.Agency("leeds-police", "West Yorkshire Police"))))));

        TenantConfig leeds = tenancy.forTenant("leeds");
        assertThat(leeds.defaultTaskTurnaround()).isEqualTo("P10D");
        assertThat(leeds.escalationTurnaround()).isEqualTo("P1D");
        assertThat(leeds.timescales().timescale("C1")).isEqualTo(Timescale.hours(24));
        assertThat(leeds.localTimescales()).hasSize(1);
        assertThat(leeds.localTimescale("CRF")).contains(Timescale.workingDays(15));
        assertThat(leeds.agencies()).extracting(TenantSettings.Agency::id).containsExactly("leeds-police");
        assertThat(tenancy.forTenant("york").defaultTaskTurnaround()).isEqualTo("P10D");
    }

    @Test
    void statutoryTimescalesAndMalformedValuesStopTheServiceNamingEachProblem() {
        assertThatThrownBy(() -> new Tenancy(new TenancyProperties(null, Map.of("leeds",
                settings(Map.of("R1", "10 WORKING_DAYS"), Map.of("L2b", "1 WORKING_DAYS"), "five days")))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("leeds: default-task-turnaround 'five days' is not an ISO 8601 duration")
                .hasMessageContaining("R1 is tagged [S/G]")
                .hasMessageContaining("local-timescales.L2b is a DOMAIN timescale");
    }
}
