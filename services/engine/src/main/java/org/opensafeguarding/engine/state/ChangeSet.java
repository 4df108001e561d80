package org.opensafeguarding.engine.state;

import java.util.Collection;
import java.util.Map;

/** What one batch of commands changed: written to the store in one transaction. */
public record ChangeSet(Collection<EngineRecord> upserts, Collection<RecordId> deletes, Map<String, Long> meta,
                        boolean purge) {

    public boolean isEmpty() {
        return upserts.isEmpty() && deletes.isEmpty() && meta.isEmpty() && !purge;
    }
}
