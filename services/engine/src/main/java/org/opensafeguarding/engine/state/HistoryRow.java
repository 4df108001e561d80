package org.opensafeguarding.engine.state;

/**
 * One record of an ended instance tree on its way to the history table: the record itself, the root instance
 * whose end moved it, when that root ended (engine clock), and its search result as JSON (what a search returns).
 */
public record HistoryRow(EngineRecord record, long rootProcessInstanceKey, long endedAt, String view) {

    public Long processInstanceKey() {
        return EngineState.processInstanceOf(record);
    }

    public Long scopeKey() {
        return record instanceof VariableRecord variable ? variable.scopeKey : null;
    }
}
