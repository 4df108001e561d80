-- The engine keeps its working state in memory and writes every change here in one transaction per batch of
-- commands (group commit). Each row is one entity (process definition, instance, element instance, job, ...)
-- as JSON; on start-up the engine reads them all back.
-- Keys are unique per kind only: a process instance and its root element instance share one key, as in Camunda.
CREATE TABLE engine_record (
    kind       VARCHAR(40)  NOT NULL,
    record_key BIGINT       NOT NULL,
    body       TEXT         NOT NULL,
    PRIMARY KEY (kind, record_key)
);

-- Counters that must never go backwards across restarts (the key generator, the purge change id).
CREATE TABLE engine_meta (
    name  VARCHAR(60) PRIMARY KEY,
    value BIGINT      NOT NULL
);
