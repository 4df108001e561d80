package org.opensafeguarding.engine.rest;

import java.util.Collection;
import org.opensafeguarding.engine.state.EngineRecord;
import org.opensafeguarding.engine.state.EngineState;
import org.opensafeguarding.engine.state.RecordKind;

/** The open records a search looks at: those of one instance when the filter pins it, else all of the kind. */
final class Searchable {

    private Searchable() {
    }

    static <T extends EngineRecord> Collection<T> of(EngineState state, RecordKind kind, Long processInstanceKey,
                                                      Class<T> type) {
        return processInstanceKey == null ? state.all(kind) : state.recordsOf(processInstanceKey, kind);
    }
}
