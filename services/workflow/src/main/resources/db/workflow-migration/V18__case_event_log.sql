-- Issue 12: the case page's timeline. The outbox keeps a case event only until a week after it is published
-- (safeguarding.outbox.retention), so the case's own history gets a table of its own, written by CaseEvents in the
-- same transaction as the outbox row. It holds what the event holds (codes, days, pseudonyms: nothing personal) and
-- the instant of the service's clock the change was recorded at, which the outbox's database clock is not in a
-- replay or a test that moves time.
CREATE TABLE case_event_log (
    id          BIGSERIAL    PRIMARY KEY,
    case_id     UUID         NOT NULL REFERENCES case_file (id),
    event_id    UUID         NOT NULL UNIQUE,
    event_type  VARCHAR(200) NOT NULL,
    -- the event's place in its case's order (CloudEvent extension sequence)
    sequence    BIGINT       NOT NULL,
    occurred_at TIMESTAMPTZ  NOT NULL,
    data        JSONB        NOT NULL
);

CREATE INDEX case_event_log_case_idx ON case_event_log (case_id, sequence);

-- what the outbox still holds of the time before this table
INSERT INTO case_event_log (case_id, event_id, event_type, sequence, occurred_at, data)
SELECT case_id, event_id, event_type, COALESCE(CAST(envelope ->> 'sequence' AS BIGINT), id), created_at,
       COALESCE(envelope -> 'data', '{}'::jsonb)
FROM outbox_event
ON CONFLICT DO NOTHING;
