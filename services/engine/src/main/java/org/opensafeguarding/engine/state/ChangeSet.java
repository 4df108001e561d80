package org.opensafeguarding.engine.state;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * What one batch of commands changed: written to the store in one transaction. {@code archived} are records of
 * ended instance trees that move to the history table; they are also among {@code deletes}.
 */
public record ChangeSet(Collection<EngineRecord> upserts, Collection<RecordId> deletes, Map<String, Long> meta,
                        boolean purge, List<HistoryRow> archived) {

    public boolean isEmpty() {
        return upserts.isEmpty() && deletes.isEmpty() && meta.isEmpty() && !purge && archived.isEmpty();
    }
}
