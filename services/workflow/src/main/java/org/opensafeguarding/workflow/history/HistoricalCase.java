package org.opensafeguarding.workflow.history;

import org.opensafeguarding.workflow.casefile.CaseId;
import org.opensafeguarding.workflow.casefile.RegimeSelector;
import org.opensafeguarding.workflow.events.CaseEvents;
import org.opensafeguarding.workflow.pseudonym.AgeBand;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What one valid row says happened to a case, ready to be written: the closed case record, its LADO outcome (LADO
 * rows), the deadlines its dates let us judge, and the events a live case would have emitted, each on its day.
 *
 * @param categories the {@code case.opened} reporting categories, as intake's for the same referral kind
 * @param lado       the LADO outcome record, null for other case types
 */
record HistoricalCase(String reference, String tenant, RegimeSelector.Choice regime, String referralKind,
                      LocalDate triggerDate, LocalDate openedOn, LocalDate closedOn, String closureReason,
                      AgeBand ageBand, Map<String, Object> categories, LadoOutcome lado,
                      List<HistoricalDeadline> deadlines, List<Step> steps) {

    /** The LADO case record's outcome (table {@code lado_case}). */
    record LadoOutcome(String kcsieEdition, String finding, String disposal, Map<String, Boolean> referrals,
                       LocalDate outcomeOn) {
    }

    /** One event between the opening and the closing, written with the events dated {@code on}. */
    record Step(LocalDate on, StepWriter writer) {
    }

    @FunctionalInterface
    interface StepWriter {
        void write(CaseEvents events, CaseId caseId);
    }

    /** Collects the steps of a row in the order a live case would have taken them on the same day. */
    static final class Steps {
        private final List<Step> steps = new ArrayList<>();

        Steps add(LocalDate on, StepWriter writer) {
            steps.add(new Step(on, writer));
            return this;
        }

        List<Step> list() {
            return List.copyOf(steps);
        }
    }
}
