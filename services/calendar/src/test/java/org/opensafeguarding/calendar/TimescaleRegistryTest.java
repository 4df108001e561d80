package org.opensafeguarding.calendar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class TimescaleRegistryTest {

    private final TimescaleRegistry registry = TimescaleRegistry.loadDefault();

    // Every row is copied from the DOMAIN tables (§3.5, §3.9, §4.5, §5.5), not from the resource file.
    @ParameterizedTest(name = "{0} = {1} {2} {3}")
    @CsvSource({
            "T1, 5 WORKING_DAYS, [G], WITHIN",
            "T2, 10 WORKING_DAYS, [L], WITHIN",
            "T3, 1 MONTHS, [G], WITHIN",
            "T4, 14 CALENDAR_DAYS, [N], WITHIN",
            "T5, 6 MONTHS, [G], WITHIN",
            "T6, 12 MONTHS, [V], AT_LEAST",
            "T7, 2 MONTHS, [N], WITHIN",
            "R1, 5 WORKING_DAYS, [S/G], WITHIN",
            "R1a, 1 WORKING_DAYS, [L], WITHIN",
            "R2, 15 WORKING_DAYS, [G/N], WITHIN",
            "R2b, 10 CALENDAR_DAYS, [L], WITHIN",
            "R3, 6 MONTHS, [G], WITHIN",
            "R4, 7 WORKING_DAYS, [V], AT_LEAST",
            "R5, 12 MONTHS, [L], AT_LEAST",
            "C1, 48 HOURS, [L], WITHIN",
            "C2, 48 HOURS, [L], WITHIN",
            "C3, 24 HOURS, [L], WITHIN",
            "C4, 1 MONTHS, [N], AT_LEAST",
            "L1, 1 WORKING_DAYS, [L/G], WITHIN",
            "L1a, 3 WORKING_DAYS, [L], WITHIN",
            "L1b, 1 WORKING_DAYS, [L], WITHIN",
            "L2a, 72 HOURS, [L], WITHIN",
            "L2b, 5 WORKING_DAYS, [L], WITHIN",
            "L3, 4 WEEKS, [G], WITHIN",
            "L3a, 2 WEEKS, [G], WITHIN",
            "L4, 3 WORKING_DAYS, [G], WITHIN",
            "L5, 15 WORKING_DAYS, [G], WITHIN",
            "L6a, 10 WORKING_DAYS, [G/L], WITHIN",
            "L6b, 2 WORKING_DAYS, [G/L], WITHIN",
            "L6c, 15 WORKING_DAYS, [G/L], WITHIN",
            "L7, 5 WORKING_DAYS, [L], WITHIN",
            "L8a, 1 WEEKS, [G], WITHIN",
            "L8b-1m, 1 MONTHS, [G], WITHIN",
            "L8b-3m, 3 MONTHS, [G], WITHIN",
            "L8b-12m, 12 MONTHS, [G], WITHIN"
    })
    void defaultsMatchTheDomainTables(String id, String timescale, String tags, TimescaleKind kind) {
        StatutoryTimescale t = registry.get(id);
        assertThat(t.timescale()).isEqualTo(Timescale.parse(timescale));
        assertThat(t.tagText()).isEqualTo(tags);
        assertThat(t.kind()).isEqualTo(kind);
        assertThat(t.description()).isNotBlank();
        assertThat(t.isOverridden()).isFalse();
    }

    @Test
    void everyDomainIdIsEitherModelledOrExplainedAndNothingElseIsThere() {
        assertThat(registry.ids()).hasSize(35);
        assertThat(registry.notModelled()).containsOnlyKeys("R2a", "C5", "C6a", "C6b", "L9");
        assertThatThrownBy(() -> registry.get("L9")).hasMessageContaining("retirement age");
    }

    @Test
    void strongestTagDecidesConfigurability() {
        assertThat(registry.get("R1").strength()).isEqualTo(Strength.S);
        assertThat(registry.get("L1").strength()).isEqualTo(Strength.G); // [L/G]: guidance wins
        assertThat(registry.get("L1").isConfigurable()).isFalse();
        assertThat(registry.get("L2b").isConfigurable()).isTrue();
        assertThat(registry.get("T4").isConfigurable()).isTrue(); // [N]: DOMAIN §2.1 lets tenants change T4's unit
        assertThat(registry.get("R4").isConfigurable()).isTrue();
    }

    @Test
    void overridesReplaceConfigurableValuesAndLeaveTheDefaultsAlone() {
        Map<String, String> overrides = Map.of("L2b", "3 WORKING_DAYS", "c1", "24 hours", "T4", "14 WORKING_DAYS");
        TimescaleRegistry tenant = registry.withOverrides(overrides);
        assertThat(tenant.timescale("L2b")).isEqualTo(Timescale.workingDays(3));
        assertThat(tenant.timescale("C1")).isEqualTo(Timescale.hours(24));
        assertThat(tenant.timescale("T4")).isEqualTo(Timescale.workingDays(14));
        assertThat(tenant.get("L2b").isOverridden()).isTrue();
        assertThat(tenant.get("L2b").defaultTimescale()).isEqualTo(Timescale.workingDays(5));
        assertThat(registry.timescale("L2b")).isEqualTo(Timescale.workingDays(5));
        assertThat(TimescaleRegistry.loadDefault(null).timescale("L2b")).isEqualTo(Timescale.workingDays(5));
    }

    @Test
    void rejectsOverridesOfStatutoryAndGuidanceTimescales() {
        assertThatThrownBy(() -> registry.withOverrides(Map.of("R1", "10 WORKING_DAYS")))
                .isInstanceOf(InvalidTimescaleOverrideException.class)
                .hasMessageContaining("R1 is tagged [S/G] (statute or regulations), so it cannot be overridden");
        assertThatThrownBy(() -> registry.withOverrides(Map.of("L1", "2 WORKING_DAYS")))
                .hasMessageContaining("L1 is tagged [L/G] (statutory guidance)");
    }

    @Test
    void reportsEveryBadOverrideAtOnce() {
        Map<String, String> overrides = new LinkedHashMap<>();
        overrides.put("L2b", "5 WDs");
        overrides.put("X9", "1 HOURS");
        overrides.put("L9", "120 MONTHS");
        overrides.put("L7", "0 WORKING_DAYS");
        overrides.put("T5", "9 MONTHS");
        assertThatThrownBy(() -> registry.withOverrides(overrides))
                .isInstanceOfSatisfying(InvalidTimescaleOverrideException.class, e -> assertThat(e.problems())
                        .hasSize(5)
                        .satisfiesExactly(
                                p -> assertThat(p).startsWith("L2b: 'WDs' is not a timescale unit"),
                                p -> assertThat(p).startsWith("'X9': no such timescale; known ids are T1, T2"),
                                p -> assertThat(p).contains("L9 is not modelled"),
                                p -> assertThat(p).startsWith("L7: A timescale must be at least 1"),
                                p -> assertThat(p).startsWith("T5 is tagged [G]")));
    }

    @Test
    void overriddenValueDrivesTheDeadline() {
        // L2b overridden to 3 WD; referral Thu 31 May 2012 -> Fri 1 Jun (1), [4-5 Jun Jubilee holidays],
        // Wed 6 (2), Thu 7 Jun (3).
        TimescaleRegistry tenant = registry.withOverrides(Map.of("L2b", "3 WORKING_DAYS"));
        ZonedDateTime referral = ZonedDateTime.of(2012, 5, 31, 14, 0, 0, 0, DeadlineCalculator.LONDON);
        assertThat(DeadlineCalculator.englandAndWales().lastDayOnTime(referral, tenant.timescale("L2b")))
                .isEqualTo(LocalDate.of(2012, 6, 7));
    }
}
