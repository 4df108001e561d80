package org.opensafeguarding.engine.state;

import java.util.EnumSet;
import java.util.Set;

/**
 * One record of an ended instance tree on its way to the history table: the record itself, the root instance
 * whose end moved it, when that root ended (engine clock), and its search result as JSON (what a search returns).
 */
public record HistoryRow(EngineRecord record, long rootProcessInstanceKey, long endedAt, String view) {

    /**
     * The kinds an ended tree keeps in history: the ones a search or a GET by key reads back. Jobs and timers are
     * only waits of elements (the element instances and incidents say what happened) and nothing reads them once
     * their instance ended, so they leave memory and engine_record without a history row; they were a third of
     * an instance's rows and of the cost of moving it.
     */
    private static final Set<RecordKind> KEPT = EnumSet.of(RecordKind.PROCESS_INSTANCE,
            RecordKind.ELEMENT_INSTANCE, RecordKind.VARIABLE, RecordKind.USER_TASK, RecordKind.INCIDENT,
            RecordKind.MESSAGE_SUBSCRIPTION);
    /**
     * The kinds whose history row also keeps the record itself, besides its search result: the ones read back as
     * records (an instance's sequence flows, a variable's full value, correlated message subscriptions).
     */
    private static final Set<RecordKind> KEPT_WHOLE = EnumSet.of(RecordKind.PROCESS_INSTANCE,
            RecordKind.VARIABLE, RecordKind.MESSAGE_SUBSCRIPTION);

    public static boolean kept(RecordKind kind) {
        return KEPT.contains(kind);
    }

    public static boolean keptWhole(RecordKind kind) {
        return KEPT_WHOLE.contains(kind);
    }

    public Long processInstanceKey() {
        return EngineState.processInstanceOf(record);
    }

    public Long scopeKey() {
        return record instanceof VariableRecord variable ? variable.scopeKey : null;
    }
}
