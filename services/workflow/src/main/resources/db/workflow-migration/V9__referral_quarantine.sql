-- Rejected referral records are kept here, in the service's own database, instead of on the dead-letter topic: the
-- topic gets a reference (quarantine id, reason, event id) and the reason headers, so personal data in a refused
-- record never sits in Kafka beyond the referral topic's own retention (docs/events.md, "Rejected records").
-- Rows are deleted when they expire (safeguarding.intake.quarantine-retention, default 90 days).
CREATE TABLE referral_quarantine (
    id               UUID         PRIMARY KEY,
    received_at      TIMESTAMPTZ  NOT NULL,
    channel          VARCHAR(10)  NOT NULL CHECK (channel IN ('KAFKA', 'REST')),
    -- a RejectionReason code (schema, not-authorised, ...)
    reason           VARCHAR(50)  NOT NULL,
    -- codes only, never a submitted value: {"field": JSON pointer, "rule": schema keyword or check}
    detail           JSONB        NOT NULL,
    -- only when well-formed (no free text); the envelope may have been too broken to have one
    event_id         VARCHAR(200),
    source_topic     VARCHAR(249),
    source_partition INTEGER,
    source_offset    BIGINT,
    -- the record as it arrived: key, headers ([{"name", "value" base64}]) and value; personal data
    record_key       BYTEA,
    record_headers   JSONB,
    payload          BYTEA        NOT NULL,
    payload_sha256   CHAR(64)     NOT NULL,
    expires_at       TIMESTAMPTZ  NOT NULL
);

-- One row per record, however often it is delivered: a redelivery after a failed dead-letter publish finds the row
-- it wrote before. The content hash keeps a record at a reused offset (topic deleted and created again) apart.
CREATE UNIQUE INDEX referral_quarantine_record_uq
    ON referral_quarantine (source_topic, source_partition, source_offset, payload_sha256);
CREATE INDEX referral_quarantine_received_idx ON referral_quarantine (received_at);
CREATE INDEX referral_quarantine_expires_idx ON referral_quarantine (expires_at);
