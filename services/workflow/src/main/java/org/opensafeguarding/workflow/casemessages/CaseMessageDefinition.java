package org.opensafeguarding.workflow.casemessages;

import org.opensafeguarding.workflow.casefile.CaseType;

import java.util.List;
import java.util.Set;

/**
 * A case-keyed message the API may send (docs/processes.md §1.7): the case type whose model catches it, who may
 * send it, and the routing facts its body carries.
 *
 * @param label        what happened, in the words of a button on the case page
 * @param caughtBy     the catching elements, for documentation and problem messages
 * @param senderGroups candidate groups (docs/processes.md §1.8) whose members may send it
 */
record CaseMessageDefinition(String messageName, String label, CaseType caseType, String caughtBy,
                             Set<String> senderGroups, List<MessageField> fields) {

    CaseMessageDefinition {
        senderGroups = Set.copyOf(senderGroups);
        fields = List.copyOf(fields);
    }
}
