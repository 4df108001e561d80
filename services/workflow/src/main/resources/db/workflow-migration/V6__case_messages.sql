-- Messages people and partner systems send to a case's process (docs/case-messages.md).
--
-- An agency's answer to a request: V4 already has the answer (status RETURNED / DECLINED) and when it was recorded
-- (returned_at); what was missing is who recorded it, the day the agency answered, and the engine message that told
-- the process (its id is derived from the row, so a repeated call never publishes twice).
ALTER TABLE agency_request ADD COLUMN received_on  DATE;
ALTER TABLE agency_request ADD COLUMN responded_by VARCHAR(100);
ALTER TABLE agency_request ADD COLUMN message_id   VARCHAR(250);

-- Case-keyed messages sent through the API: one row per (case, client idempotency key), with the routing facts
-- (codes, booleans, dates) that went to the engine. The engine_command row with dedupe_key = message_id delivers it.
CREATE TABLE case_message (
    id              BIGSERIAL    PRIMARY KEY,
    case_id         UUID         NOT NULL REFERENCES case_file (id),
    message_name    VARCHAR(100) NOT NULL,
    idempotency_key VARCHAR(100) NOT NULL,
    message_id      VARCHAR(250) NOT NULL UNIQUE,
    variables       JSONB        NOT NULL,
    sent_by         VARCHAR(100) NOT NULL,
    sent_at         TIMESTAMPTZ  NOT NULL,
    CONSTRAINT case_message_idempotency_uq UNIQUE (case_id, idempotency_key)
);
