package org.opensafeguarding.workflow.engine;

/**
 * BPMN process ids, in one place because the models are still being drawn and an id may change. The
 * regime (process version) travels as a variable; the id names the model.
 */
public final class ProcessIds {

    public static final String LADO_ALLEGATION = "lado-allegation";
    public static final String CHILD_DEATH_REVIEW = "child-death-review-cdr2018";
    public static final String SCR_REFERRAL = "scr-referral-wt2013";
    public static final String PRACTICE_REVIEW = "practice-review-wt2018";

    /** The escalation of a passed deadline: a process of its own, so its task never holds up the case. */
    public static final String DEADLINE_ESCALATION = "deadline-escalation";

    /** Starts {@link #DEADLINE_ESCALATION}; published by the case-event.emit worker. */
    public static final String ESCALATION_MESSAGE = "deadline.escalation.requested";

    /** Message a running case process can catch when a further referral names its case. */
    public static final String REFERRAL_RECEIVED_MESSAGE = "referral-received";

    private ProcessIds() {
    }
}
