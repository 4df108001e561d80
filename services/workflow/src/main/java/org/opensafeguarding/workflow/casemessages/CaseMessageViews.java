package org.opensafeguarding.workflow.casemessages;

import java.util.Map;

/** What the case-messages API answers: ids, codes and dates only. */
final class CaseMessageViews {

    private CaseMessageViews() {
    }

    /**
     * @param delivery {@code QUEUED} (recorded; the engine-command dispatcher publishes it, retrying while the engine
     *                 is away), {@code DELIVERED} (the engine has taken it) or {@code REFUSED} (the engine refused it;
     *                 it waits on the operator page to be sent again)
     * @param repeat   true when the same request had been accepted before and nothing changed
     */
    record MessageView(String caseId, String messageName, String messageId, Map<String, Object> variables,
                       String delivery, boolean repeat) {
    }

    record AgencyResponseView(String caseId, String requestType, String agencyId, String response, String receivedOn,
                              String respondedAt, String messageId, String delivery, boolean repeat) {
    }

    /** {@code engine_command.status} as the API shows it. */
    static String delivery(String commandStatus) {
        return switch (commandStatus) {
            case "DONE" -> "DELIVERED";
            case "REFUSED" -> "REFUSED";
            default -> "QUEUED";
        };
    }
}
