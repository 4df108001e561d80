package org.opensafeguarding.engine.rest;

import java.util.Map;
import java.util.Set;
import org.opensafeguarding.engine.state.RecordKind;

/**
 * What a search over open and ended records needs to know of its kind: the result field holding the record key
 * (the keyset order), the fields that follow key order (creation dates: keys are allocated as records are
 * created), and which result field names the scope of each variable filter.
 */
enum SearchKind {
    PROCESS_INSTANCE(RecordKind.PROCESS_INSTANCE, "processInstanceKey", Set.of("startDate"),
            Map.of("variables", "processInstanceKey")),
    ELEMENT_INSTANCE(RecordKind.ELEMENT_INSTANCE, "elementInstanceKey", Set.of("startDate"), Map.of()),
    VARIABLE(RecordKind.VARIABLE, "variableKey", Set.of(), Map.of()),
    USER_TASK(RecordKind.USER_TASK, "userTaskKey", Set.of("creationDate"),
            Map.of("processInstanceVariables", "processInstanceKey", "localVariables", "elementInstanceKey")),
    INCIDENT(RecordKind.INCIDENT, "incidentKey", Set.of("creationTime"), Map.of()),
    MESSAGE_SUBSCRIPTION(RecordKind.MESSAGE_SUBSCRIPTION, "messageSubscriptionKey", Set.of(), Map.of());

    final RecordKind recordKind;
    final String keyField;
    final Set<String> keyOrderedFields;
    final Map<String, String> variableScopes;

    SearchKind(RecordKind recordKind, String keyField, Set<String> creationFields,
               Map<String, String> variableScopes) {
        this.recordKind = recordKind;
        this.keyField = keyField;
        this.keyOrderedFields = new java.util.HashSet<>(creationFields);
        this.keyOrderedFields.add(keyField);
        this.variableScopes = variableScopes;
    }
}
