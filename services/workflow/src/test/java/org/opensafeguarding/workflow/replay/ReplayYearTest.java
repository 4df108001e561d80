package org.opensafeguarding.workflow.replay;

import org.junit.jupiter.api.Test;
import org.opensafeguarding.workflow.intake.ReferralKind;
import org.opensafeguarding.workflow.processes.support.ProcessCase;
import org.opensafeguarding.workflow.processes.support.ProcessTestSupport;
import org.opensafeguarding.workflow.processes.support.TestClock;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Clock;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class ReplayYearTest extends ProcessTestSupport {

    @DynamicPropertySource
    static void replayProfile(DynamicPropertyRegistry registry) {
        readTheEnginesClock(registry);
    }

    @Autowired
    private Clock serviceClock;

    @Test
    void aReplayedCaseGetsItsHistoricalDates() {
        harness.pinClock(Instant.parse("2013-03-04T09:00:00Z"));
        assertThat(serviceClock).as("the service reads the engine's clock").isNotInstanceOf(TestClock.class);
        assertThat(serviceClock.instant()).isEqualTo(Instant.parse("2013-03-04T09:00:00Z"));
        ProcessCase lado = harness.startCase(ReferralKind.LADO_ALLEGATION, d -> {
            d.put("receivedDate", "2013-03-04");
            d.put("urgent", false);
            ((com.fasterxml.jackson.databind.node.ObjectNode) d.get("allegation")).put("incidentDate", "2013-03-01");
        });
        harness.awaitQuiet(lado);
        assertThat(harness.deadlines(lado)).isNotEmpty().allSatisfy(d ->
                assertThat(d.dueAt()).isAfter(Instant.parse("2013-03-04T00:00:00Z")).isBefore(Instant.parse("2014-04-01T00:00:00Z")));
        assertThat(harness.events(lado)).isNotEmpty().allSatisfy(e ->
                assertThat(e.data().path("occurredOn").asText()).startsWith("2013-"));
    }
}
