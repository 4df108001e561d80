package org.opensafeguarding.engine.state;

/** Identity of a stored record: keys are unique per kind (a process instance shares its key with its root scope). */
public record RecordId(RecordKind kind, long key) {
}
