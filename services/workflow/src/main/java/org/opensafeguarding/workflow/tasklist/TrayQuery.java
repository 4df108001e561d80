package org.opensafeguarding.workflow.tasklist;

import org.opensafeguarding.workflow.casefile.CaseId;

/**
 * What a work tray asks for (docs/tasklist.md "Work tray"); every part is optional and they combine.
 *
 * @param view     which tab: null for every open task the caller is a candidate for
 * @param caseType a case type name (LADO_ALLEGATION, ...)
 * @param taskType a task's BPMN element id or form id
 * @param tenant   one of the caller's partnerships, for people who act for several
 */
public record TrayQuery(View view, String candidateGroup, String assignee, CaseId caseId, String caseType,
                        String taskType, Due due, String tenant) {

    public static final TrayQuery ALL = new TrayQuery(null, null, null, null, null, null, null, null);

    public enum View {
        /** claimed by the caller */
        MINE,
        /** in the caller's candidate groups, claimed by nobody */
        UNASSIGNED,
        /** every open task of the caller's candidate groups */
        GROUPS
    }

    public enum Due {
        /** due before now */
        OVERDUE,
        /** due from now until the end of the seventh London calendar day after today */
        WEEK
    }
}
