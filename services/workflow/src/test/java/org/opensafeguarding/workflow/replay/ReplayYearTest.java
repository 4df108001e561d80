package org.opensafeguarding.workflow.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.opensafeguarding.workflow.deadlines.Deadlines;
import org.opensafeguarding.workflow.intake.ReferralKind;
import org.opensafeguarding.workflow.processes.support.CaseEvent;
import org.opensafeguarding.workflow.processes.support.LadoSteps;
import org.opensafeguarding.workflow.processes.support.ProcessCase;
import org.opensafeguarding.workflow.processes.support.ProcessTestSupport;
import org.opensafeguarding.workflow.processes.support.TestClock;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A past year replayed through the real stack (issue 10, "One clock"): the service runs in the replay profile and
 * reads the engine's clock, which is pinned to 09:00 (London) of each day from 1 March to 30 June 2013 in turn. LADO
 * referrals and child deaths come in through the real intake on their own days, tasks are completed through the
 * tasklist API on the days the caseworker would have, and the timers fire as the days pass.
 *
 * <p>Then: every deadline's due date, state and every event's day are the 2013 ones (none computed from today), and
 * the DOMAIN §5.9 figure "% of initial meetings within 5 working days (within 72 hours where urgent)", worked out
 * from the case events alone as a consumer would, is right: for non-urgent meetings (L2b), across the Easter bank
 * holidays of 2013 (Good Friday 29 March, Easter Monday 1 April) and for a meeting held in time but recorded late;
 * and for urgent ones (L2a).
 */
class ReplayYearTest extends ProcessTestSupport {

    private static final ZoneId LONDON = ZoneId.of("Europe/London");
    private static final LocalDate FIRST_DAY = LocalDate.of(2013, 3, 1);
    private static final LocalDate LAST_DAY = LocalDate.of(2013, 6, 30);

    @DynamicPropertySource
    static void replayProfile(DynamicPropertyRegistry registry) {
        readTheEnginesClock(registry);
    }

    @Autowired
    private Clock serviceClock;

    /** One LADO referral of the replayed year and what happened to it. */
    record Lado(String name, LocalDate received, boolean urgent, LocalDate meetingHeld, LocalDate meetingRecorded,
                LocalDate expectedDue, boolean expectedMet) {
    }

    /** One child death of the replayed year: when the CDOP was told, and when the record reached the service. */
    record Death(String name, LocalDate died, String notifiedAt, LocalDate entered, LocalDate expectedDue,
                 boolean expectedMet) {
    }

    private static final List<Lado> LADO = List.of(
            // 5 WD from Mon 4 Mar: the last day on time is Mon 11 Mar
            new Lado("on the fifth working day", LocalDate.of(2013, 3, 4), false,
                    LocalDate.of(2013, 3, 11), LocalDate.of(2013, 3, 11), LocalDate.of(2013, 3, 11), true),
            new Lado("a day late", LocalDate.of(2013, 3, 4), false,
                    LocalDate.of(2013, 3, 12), LocalDate.of(2013, 3, 12), LocalDate.of(2013, 3, 11), false),
            // Thu 28 Mar: Good Friday and Easter Monday do not count, so the fifth working day is Mon 8 Apr
            new Lado("across Easter, in time", LocalDate.of(2013, 3, 28), false,
                    LocalDate.of(2013, 4, 8), LocalDate.of(2013, 4, 8), LocalDate.of(2013, 4, 8), true),
            new Lado("across Easter, late", LocalDate.of(2013, 3, 28), false,
                    LocalDate.of(2013, 4, 9), LocalDate.of(2013, 4, 9), LocalDate.of(2013, 4, 8), false),
            // held on Fri 17 May, within 5 WD of Mon 13 May (due Mon 20 May), typed in on Wed 22 May after the timer
            new Lado("held in time, recorded late", LocalDate.of(2013, 5, 13), false,
                    LocalDate.of(2013, 5, 17), LocalDate.of(2013, 5, 22), LocalDate.of(2013, 5, 20), true),
            // urgent: 72 hours from the referral's acceptance on Mon 3 Jun 09:00 → Thu 6 Jun
            new Lado("urgent, in time", LocalDate.of(2013, 6, 3), true,
                    LocalDate.of(2013, 6, 5), LocalDate.of(2013, 6, 5), LocalDate.of(2013, 6, 6), true),
            new Lado("urgent, late", LocalDate.of(2013, 6, 3), true,
                    LocalDate.of(2013, 6, 7), LocalDate.of(2013, 6, 7), LocalDate.of(2013, 6, 6), false));

    private static final List<Death> DEATHS = List.of(
            // C1: 48 hours from the death. Told the next morning, entered four days later: on time all the same
            new Death("notified in time, entered later", LocalDate.of(2013, 4, 10), "2013-04-11T10:00:00+01:00",
                    LocalDate.of(2013, 4, 15), LocalDate.of(2013, 4, 12), true),
            new Death("notified late", LocalDate.of(2013, 6, 20), "2013-06-24T08:30:00+01:00",
                    LocalDate.of(2013, 6, 24), LocalDate.of(2013, 6, 22), false));

    @Test
    void aYearReplayedDayByDayKeepsItsOwnDatesAndFigures() {
        Map<LocalDate, List<Runnable>> agenda = new TreeMap<>();
        Map<String, ProcessCase> cases = new LinkedHashMap<>();
        LadoSteps lado = new LadoSteps(harness);
        for (Lado l : LADO) {
            on(agenda, l.received(), () -> {
                ProcessCase c = harness.startCase(ReferralKind.LADO_ALLEGATION, referral(l));
                cases.put(l.name(), c);
                harness.completeAsCaseworker(c, "InitialConsideration",
                        LadoSteps.consideration("MEETING", l.urgent(), false));
            });
            on(agenda, l.meetingRecorded(), () -> harness.completeAsCaseworker(cases.get(l.name()), "PotMeeting",
                    LadoSteps.potMeeting(false, false, true, null, l.meetingHeld().toString())));
        }
        for (Death d : DEATHS) {
            on(agenda, d.entered(), () -> cases.put(d.name(),
                    harness.startCase(ReferralKind.CHILD_DEATH_NOTIFICATION, death(d))));
        }

        for (LocalDate day = FIRST_DAY; !day.isAfter(LAST_DAY); day = day.plusDays(1)) {
            harness.pinClock(day.atTime(LocalTime.of(9, 0)).atZone(LONDON).toInstant());
            assertThat(serviceClock).as("the service reads the engine's clock").isNotInstanceOf(TestClock.class);
            assertThat(LocalDate.ofInstant(serviceClock.instant(), LONDON)).isEqualTo(day);
            agenda.getOrDefault(day, List.of()).forEach(Runnable::run);
        }
        cases.values().forEach(harness::awaitQuiet);

        // every event is dated in the replayed months, and every deadline falls in 2013
        for (ProcessCase c : cases.values()) {
            assertThat(harness.events(c)).isNotEmpty().allSatisfy(e -> assertThat(LocalDate.parse(e.text("occurredOn")))
                    .as("%s of %s", e.type(), c.caseId()).isBetween(FIRST_DAY, LAST_DAY));
            assertThat(harness.deadlines(c)).isNotEmpty().allSatisfy(d ->
                    assertThat(d.dueAt().atZone(LONDON).getYear()).as("%s due", d.timescaleId()).isIn(2013, 2014));
            harness.assertEventsPseudonymised(c);
        }

        for (Lado l : LADO) {
            ProcessCase c = cases.get(l.name());
            String owed = l.urgent() ? "L2a" : "L2b";
            String notOwed = l.urgent() ? "L2b" : "L2a";
            Deadlines.Deadline meeting = harness.deadline(c, owed).orElseThrow(() -> new AssertionError(l.name()));
            assertThat(meeting.dueAt().atZone(LONDON).toLocalDate()).as("%s: %s due", l.name(), owed)
                    .isEqualTo(l.expectedDue());
            assertThat(meeting.status()).as("%s: %s", l.name(), owed).isEqualTo(l.expectedMet() ? "MET" : "BREACHED");
            assertThat(harness.deadline(c, notOwed)).as("%s: %s is not owed", l.name(), notOwed).isEmpty();
            // the task showed the same due date as the deadline, and the event says the same day
            assertThat(harness.events(c, "task.created")).filteredOn(e -> "PotMeeting".equals(e.text("taskType")))
                    .singleElement().satisfies(e -> assertThat(e.text("dueOn")).isEqualTo(l.expectedDue().toString()));
            assertThat(harness.events(c, "deadline.set")).filteredOn(e -> owed.equals(e.text("timescale")))
                    .singleElement().satisfies(e -> assertThat(e.text("dueOn")).isEqualTo(l.expectedDue().toString()));
            assertThat(harness.events(c, "task.completed")).filteredOn(e -> "PotMeeting".equals(e.text("taskType")))
                    .singleElement().satisfies(e -> assertThat(e.data().at("/businessDates/meetingHeldOn").asText())
                            .isEqualTo(l.meetingHeld().toString()));
        }

        for (Death d : DEATHS) {
            ProcessCase c = cases.get(d.name());
            Deadlines.Deadline c1 = harness.deadline(c, "C1").orElseThrow(() -> new AssertionError(d.name()));
            assertThat(c1.dueAt().atZone(LONDON).toLocalDate()).as("%s: C1 due", d.name()).isEqualTo(d.expectedDue());
            assertThat(c1.status()).as("%s: C1", d.name()).isEqualTo(d.expectedMet() ? "MET" : "BREACHED");
            assertThat(harness.events(c, "deadline.breached")).filteredOn(e -> "C1".equals(e.text("timescale")))
                    .hasSize(d.expectedMet() ? 0 : 1);
            assertThat(harness.events(c, "opened")).singleElement()
                    .satisfies(e -> assertThat(e.text("processVersion")).contains("LSCB"));
        }

        // the annual-report figure, from the events alone: a deadline's state is its last met/breached event
        List<ProcessCase> ladoCases = LADO.stream().map(l -> cases.get(l.name())).toList();
        assertThat(withinTime(ladoCases, "L2b")).as("non-urgent meetings within 5 working days").isEqualTo(new int[]{3, 5});
        assertThat(withinTime(ladoCases, "L2a")).as("urgent meetings within 72 hours").isEqualTo(new int[]{1, 2});
    }

    /** {met, owed} for one timescale over these cases, as a consumer of the events would count it. */
    private int[] withinTime(List<ProcessCase> cases, String timescale) {
        int owed = 0;
        int met = 0;
        for (ProcessCase c : cases) {
            List<CaseEvent> events = harness.events(c);
            if (events.stream().noneMatch(e -> e.type().equals("deadline.set") && timescale.equals(e.text("timescale")))) {
                continue;
            }
            owed++;
            List<CaseEvent> outcomes = new ArrayList<>(events.stream()
                    .filter(e -> (e.type().equals("deadline.met") || e.type().equals("deadline.breached"))
                            && timescale.equals(e.text("timescale")))
                    .toList());
            outcomes.sort((a, b) -> Long.compare(sequence(a), sequence(b)));
            if (!outcomes.isEmpty() && outcomes.get(outcomes.size() - 1).type().equals("deadline.met")) {
                met++;
            }
        }
        return new int[]{met, owed};
    }

    private static long sequence(CaseEvent e) {
        JsonNode s = e.envelope().path("sequence");
        return Long.parseLong(s.asText());
    }

    private static void on(Map<LocalDate, List<Runnable>> agenda, LocalDate day, Runnable action) {
        agenda.computeIfAbsent(day, d -> new ArrayList<>()).add(action);
    }

    private static Consumer<ObjectNode> referral(Lado l) {
        return d -> {
            d.put("receivedDate", l.received().toString());
            d.put("urgent", l.urgent());
            ObjectNode allegation = (ObjectNode) d.get("allegation");
            allegation.put("incidentDate", l.received().minusDays(3).toString());
            allegation.remove("reportedDate");
        };
    }

    private static Consumer<ObjectNode> death(Death death) {
        return d -> {
            ((ObjectNode) d.get("child")).put("dateOfBirth", "2009-05-17");
            ObjectNode dd = (ObjectNode) d.get("death");
            dd.put("dateOfDeath", death.died().toString());
            dd.put("timeOfDeath", "03:40");
            d.put("notifiedAt", death.notifiedAt());
        };
    }
}
