package org.opensafeguarding.reporting.alerts;

/** What an alert is about; the CloudEvent type of a webhook is {@code org.opensafeguarding.reporting.alert.<code>}. */
public enum AlertKind {
    DEADLINE_BREACHED("deadline-breached", "Deadline breached"),
    ESCALATION_UNANSWERED("escalation-unanswered", "Escalation unanswered"),
    STAGE_P90_OVER_TARGET("stage-p90-over-target", "Stage p90 over target");

    private final String code;
    private final String title;

    AlertKind(String code, String title) {
        this.code = code;
        this.title = title;
    }

    public String code() {
        return code;
    }

    public String title() {
        return title;
    }
}
