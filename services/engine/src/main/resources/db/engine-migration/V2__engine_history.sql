-- Ended process instances leave engine_record in the group commit that ends their root instance: every record of
-- the instance tree (the root, its call-activity children, their element instances, variables, jobs, user tasks,
-- incidents, timers and subscriptions) is inserted here and deleted there in the same transaction. Start-up reads
-- only engine_record, so it grows with open work; searches read open records from memory and ended ones from here.
CREATE TABLE engine_history (
    kind                      VARCHAR(40) NOT NULL,
    record_key                BIGINT      NOT NULL,
    -- the instance the record belongs to (a child instance for a child's records); null for none
    process_instance_key      BIGINT,
    -- the root instance whose end moved the record here: retention deletes whole trees by it
    root_process_instance_key BIGINT      NOT NULL,
    -- the scope of a variable (process or element instance), so variable filters of a search are one lookup
    scope_key                 BIGINT,
    -- engine clock (epoch milliseconds) when the root instance ended; retention deletes by it
    ended_at                  BIGINT      NOT NULL,
    -- the search result exactly as the REST API returns it; search filters match its fields
    body                      JSONB       NOT NULL,
    -- the record as engine_record held it, for reads that need more than the search result (sequence flows)
    record                    TEXT        NOT NULL,
    PRIMARY KEY (kind, record_key)
);

CREATE INDEX engine_history_instance ON engine_history (kind, process_instance_key, record_key);
CREATE INDEX engine_history_scope ON engine_history (scope_key) WHERE scope_key IS NOT NULL;
CREATE INDEX engine_history_ended ON engine_history (ended_at);
-- equality filters of a search (state, processDefinitionId, elementId, assignee, candidateGroups, ...) are
-- containment tests on the result document
CREATE INDEX engine_history_body ON engine_history USING GIN (body jsonb_path_ops);
