package org.opensafeguarding.workflow.workers;

/** The job types of the worker contract (docs/processes.md §1.6), one worker class each. */
public final class JobTypes {

    public static final String CASE_OPEN = "case.open";
    public static final String CASE_CLOSE = "case.close";
    public static final String DEADLINE_COMPUTE = "deadline.compute";
    public static final String CASE_EVENT_EMIT = "case-event.emit";
    public static final String CASE_MESSAGE_PUBLISH = "case-message.publish";
    public static final String NOTIFICATION_SEND = "notification.send";
    public static final String AGENCY_REQUEST_SEND = "agency-request.send";
    public static final String REVIEW_NOTIFY_PANEL = "review.notify-panel";
    public static final String LADO_RECORD_OUTCOME = "lado.record-outcome";
    public static final String CDR_NCMD_SYNC = "cdr.ncmd-sync";

    private JobTypes() {
    }
}
