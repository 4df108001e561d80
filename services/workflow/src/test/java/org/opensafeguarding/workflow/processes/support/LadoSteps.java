package org.opensafeguarding.workflow.processes.support;

import com.fasterxml.jackson.databind.JsonNode;
import io.camunda.client.api.search.enums.ElementInstanceState;
import io.camunda.client.api.search.response.UserTask;
import org.opensafeguarding.workflow.deadlines.Deadlines;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Steps and checks shared by the LADO process tests ({@code bpmn/lado-allegation.bpmn}): the values each LADO form
 * submits, and the check that a deadline timer fired the way docs/processes.md §1.3 says (breach event, row
 * BREACHED, escalation task for {@code lado-manager} in its own {@code deadline-escalation} instance, the case
 * carries on).
 */
public final class LadoSteps {

    private final ProcessHarness harness;

    public LadoSteps(ProcessHarness harness) {
        this.harness = harness;
    }

    // ---------------------------------------------------------------------------------------------- form values

    /** Initial consideration (form {@code lado-initial-consideration}), limb 1 met, as the LADO decided it. */
    public static Map<String, Object> consideration(String route, boolean immediateConcern, boolean significantHarm) {
        Map<String, Object> v = new HashMap<>();
        v.put("withinScope", true);
        v.put("harmTestLimb1", true);
        v.put("harmTestLimb2", false);
        v.put("harmTestLimb3", false);
        v.put("harmTestLimb4", false);
        v.put("abuseCategory", "PHYSICAL");
        v.put("immediateSafeguardingConcern", immediateConcern);
        v.put("significantHarmSuspected", significantHarm);
        v.put("route", route);
        v.put("decisionMakerRole", "LADO");
        v.put("record.rationale", "Harm test limb 1 met; route agreed with the case manager.");
        return v;
    }

    /**
     * Position of trust meeting (form {@code lado-pot-meeting}); {@code reviewCycle} null = the partnership default;
     * {@code heldOn} the business date that decides L2a/L2b (not after the test clock's today).
     */
    public static Map<String, Object> potMeeting(boolean police, boolean csc, boolean employer, String reviewCycle,
                                                 String heldOn) {
        Map<String, Object> v = new HashMap<>();
        v.put("policeStrand", police);
        v.put("cscStrand", csc);
        v.put("employerStrand", employer);
        v.put("suspension", "ALTERNATIVES");
        if (reviewCycle != null) {
            v.put("reviewCycle", reviewCycle);
        }
        v.put("meetingHeldOn", heldOn);
        v.put("decisionMakerRole", "LADO");
        v.put("record.rationale", "Strands agreed; alternatives to suspension considered first.");
        return v;
    }

    /** Outcome meeting (form {@code lado-outcome-meeting}). */
    public static Map<String, Object> outcome(String finding, String disposal, boolean dbs, boolean tra,
                                              boolean regulator, boolean ofsted) {
        Map<String, Object> v = new HashMap<>();
        v.put("finding", finding);
        v.put("disposal", disposal);
        v.put("referDbs", dbs);
        v.put("referTra", tra);
        v.put("referRegulator", regulator);
        v.put("referOfsted", ofsted);
        v.put("decisionMakerRole", "LADO_MANAGER");
        v.put("record.rationale", "Finding agreed at the outcome meeting.");
        return v;
    }

    /** Resolution at initial consideration (form {@code lado-resolution}). */
    public static Map<String, Object> resolution(String disposal) {
        Map<String, Object> v = new HashMap<>();
        v.put("disposal", disposal);
        v.put("clearlyUnsubstantiatedOrMalicious", true);
        v.put("decisionMakerRole", "LADO");
        v.put("record.rationale", "Resolved at initial consideration.");
        return v;
    }

    /** @param closedOn a business date: not after the test clock's today, not before the referral */
    public static Map<String, Object> closure(String closedOn) {
        return Map.of("lessonsLearned", true, "closedOn", closedOn,
                "record.lessons", "Induction to cover the code of conduct on physical intervention.");
    }

    public static Map<String, Object> escalation(String action) {
        return Map.of("escalationAction", action, "record.escalationReason", "Chased by telephone; new date agreed.");
    }

    /** The values without {@code record.*} free text: what a step completed straight at the engine sends. */
    public static Map<String, Object> routing(Map<String, Object> formValues) {
        Map<String, Object> v = new HashMap<>(formValues);
        v.keySet().removeIf(k -> k.startsWith("record."));
        return v;
    }

    // ---------------------------------------------------------------------------------------------- checks

    /** A {@code due...} variable of the case as an instant. */
    public Instant due(ProcessCase c, String variable) {
        JsonNode value = harness.variable(c, variable);
        assertThat(value.isTextual()).as("%s set on the case: %s", variable, value).isTrue();
        return OffsetDateTime.parse(value.asText()).toInstant();
    }

    public boolean isActive(ProcessCase c, String elementId) {
        return harness.elements(c).stream().anyMatch(e -> elementId.equals(e.getElementId())
                && e.getState() == ElementInstanceState.ACTIVE);
    }

    /**
     * Moves the clock just past the due date in {@code dueVariable} and checks the timer's breach path: the breach
     * event for {@code timescaleId}, the latest deadline row of that timescale BREACHED at exactly that due date,
     * {@code emitElement} and its {@code EscalationDone_*} end completed in the case's instance, the escalation task
     * for {@code lado-manager} in its own {@code deadline-escalation} instance (priority 80, {@code timescaleId}
     * variable, see {@link ProcessHarness#awaitEscalation}), and the host element still active on an open case.
     *
     * @param emitElement the breach path's {@code Emit_<timescale>_<host>} element
     * @return the escalation task
     */
    public UserTask breach(ProcessCase c, String dueVariable, String timescaleId, String emitElement,
                           String hostElement) {
        harness.awaitQuiet(c);
        Instant due = due(c, dueVariable);
        Deadlines.Deadline before = harness.deadline(c, timescaleId).orElseThrow(
                () -> new AssertionError("no " + timescaleId + " deadline row"));
        assertThat(before.dueAt()).isEqualTo(due);
        assertThat(before.status()).isEqualTo("OPEN");
        assertThat(harness.now()).as("still before %s", timescaleId).isBefore(due);
        long breachesBefore = breaches(c, timescaleId);
        int escalationsBefore = harness.openEscalationTasks(c, timescaleId).size();
        assertThat(escalationsBefore).as("no %s escalation open before the breach", timescaleId).isZero();

        harness.advanceClockTo(due.plusSeconds(5));

        UserTask escalation = harness.awaitEscalation(c, timescaleId, "lado-manager", emitElement);
        harness.awaitEvent(c, "deadline.breached", d -> timescaleId.equals(d.path("timescale").asText()));
        assertThat(breaches(c, timescaleId)).isEqualTo(breachesBefore + 1);
        assertThat(harness.deadlines(c)).filteredOn(d -> d.timescaleId().equals(timescaleId) && d.dueAt().equals(due))
                .singleElement().satisfies(d -> assertThat(d.status()).isEqualTo("BREACHED"));
        assertThat(harness.variable(c, "timescaleId").isMissingNode()).as("timescaleId stays local to the breach path")
                .isTrue();
        assertThat(harness.openUserTasks(c)).as("no escalation task in the case's own instance")
                .noneMatch(t -> t.getElementId().startsWith("Escalate"));
        // non-interrupting: the case carries on
        assertThat(isActive(c, hostElement)).as("%s still active after the %s breach", hostElement, timescaleId).isTrue();
        assertThat(harness.caseStatus(c)).isEqualTo("OPEN");
        assertThat(harness.incidents(c)).isEmpty();
        return escalation;
    }

    /** The escalation's {@code timescaleId}, as the tasklist shows it to the LADO manager. */
    public String escalationTimescale(UserTask escalation) {
        return harness.escalationVariables(escalation).get("timescaleId").asText();
    }

    public long breaches(ProcessCase c, String timescaleId) {
        return harness.events(c, "deadline.breached").stream()
                .filter(e -> timescaleId.equals(e.text("timescale"))).count();
    }

    /** {@code case_decision} rows of the case: decision type and role, oldest first. */
    public List<String> decisions(ProcessCase c) {
        return harness.jdbc().sql("SELECT decision_type || ' ' || decision_maker_role FROM case_decision"
                        + " WHERE case_id = :id ORDER BY decided_at, id")
                .param("id", c.caseId().value()).query(String.class).list();
    }

    /** {@code case_note} fields of the case, oldest first. */
    public List<String> notes(ProcessCase c) {
        return harness.jdbc().sql("SELECT field FROM case_note WHERE case_id = :id ORDER BY written_at, id")
                .param("id", c.caseId().value()).query(String.class).list();
    }

    /** The {@code lado_case} row: edition, finding, disposal and the four referral decisions. */
    public Map<String, Object> ladoCase(ProcessCase c) {
        return harness.jdbc().sql("SELECT kcsie_edition, finding, disposal, refer_dbs, refer_tra, refer_regulator,"
                        + " refer_ofsted, outcome_at FROM lado_case WHERE case_id = :id")
                .param("id", c.caseId().value()).query().singleRow();
    }

    /** {@code case_file.closure_reason}. */
    public String closureReason(ProcessCase c) {
        return harness.jdbc().sql("SELECT closure_reason FROM case_file WHERE id = :id")
                .param("id", c.caseId().value()).query(String.class).list().get(0);
    }
}
