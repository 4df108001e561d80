-- Issue 10: poison records never block, and every Kafka referral gets a receipt.

-- An operator acknowledges quarantined entries (POST /api/quarantine/acknowledgement); until then the intake health
-- says DEGRADED. Who and when only: the entry itself does not change.
ALTER TABLE referral_quarantine
    ADD COLUMN acknowledged_at TIMESTAMPTZ,
    ADD COLUMN acknowledged_by VARCHAR(200);

CREATE INDEX referral_quarantine_unacknowledged_idx ON referral_quarantine (received_at) WHERE acknowledged_at IS NULL;

-- Receipts for safeguarding.referral-receipts.v1, written in the transaction that accepted the referral (or wrote its
-- quarantine row) and published by the outbox relay, so none is lost to a crash after commit. Codes and ids only.
CREATE TABLE referral_receipt (
    id           BIGSERIAL    PRIMARY KEY,
    -- the producer's event id when well-formed, else topic-partition@offset
    record_key   VARCHAR(300) NOT NULL,
    envelope     JSONB        NOT NULL,
    created_at   TIMESTAMPTZ  NOT NULL DEFAULT now(),
    published_at TIMESTAMPTZ
);

CREATE INDEX referral_receipt_unpublished_idx ON referral_receipt (id) WHERE published_at IS NULL;
