-- Referral intake, case records, the pending-start command table and the outbox.
-- Personal data stays in this database (referral.payload); everything that leaves it is either an id
-- (process variables) or pseudonymised (outbox_event).

-- One row per case. The regime is pinned at creation (process_version) and never changes.
CREATE TABLE case_file (
    id                   UUID         PRIMARY KEY,
    case_type            VARCHAR(40)  NOT NULL,
    process_id           VARCHAR(100) NOT NULL,
    process_version      VARCHAR(40)  NOT NULL,
    tenant               VARCHAR(100) NOT NULL,
    status               VARCHAR(20)  NOT NULL,
    trigger_date         DATE         NOT NULL,
    -- kept so events can carry an age band that is stable for the life of the case
    subject_birth_date   DATE,
    opened_at            TIMESTAMPTZ  NOT NULL,
    closed_at            TIMESTAMPTZ,
    process_instance_key BIGINT,
    -- bumped under the row lock whenever an event is written, so a case's events carry a gap-free order
    event_sequence       BIGINT       NOT NULL DEFAULT 0,
    CONSTRAINT case_file_status_chk CHECK (status IN ('OPEN', 'CLOSED'))
);

-- Every referral as received, including the ones that only added to an existing case.
CREATE TABLE referral (
    id           UUID         PRIMARY KEY,
    event_id     VARCHAR(200) NOT NULL UNIQUE,
    event_source VARCHAR(500) NOT NULL,
    event_type   VARCHAR(200) NOT NULL,
    channel      VARCHAR(10)  NOT NULL,
    case_id      UUID         NOT NULL REFERENCES case_file (id),
    received_at  TIMESTAMPTZ  NOT NULL,
    payload      JSONB        NOT NULL,
    CONSTRAINT referral_channel_chk CHECK (channel IN ('KAFKA', 'REST'))
);

CREATE INDEX referral_case_idx ON referral (case_id);

-- Consumer inbox: the CloudEvent id is the idempotency key for both Kafka and REST deliveries.
-- payload_sha256 lets a reuse of an id with different content be refused instead of silently ignored.
CREATE TABLE intake_inbox (
    event_id       VARCHAR(200) PRIMARY KEY,
    payload_sha256 CHAR(64)     NOT NULL,
    referral_id    UUID         NOT NULL,
    case_id        UUID         NOT NULL,
    created_case   BOOLEAN      NOT NULL,
    received_at    TIMESTAMPTZ  NOT NULL
);

-- Engine commands recorded in the same transaction as the case, carried out later by a retrying
-- dispatcher: a crash between "case saved" and "instance created" leaves a PENDING row, never a lost start.
CREATE TABLE engine_command (
    id                   BIGSERIAL    PRIMARY KEY,
    case_id              UUID         NOT NULL REFERENCES case_file (id),
    kind                 VARCHAR(20)  NOT NULL,
    process_id           VARCHAR(100) NOT NULL,
    -- START: at most one per case; CORRELATE: one per referral (its event id doubles as the message id)
    dedupe_key           VARCHAR(250) NOT NULL UNIQUE,
    variables            JSONB        NOT NULL,
    status               VARCHAR(20)  NOT NULL DEFAULT 'PENDING',
    attempts             INT          NOT NULL DEFAULT 0,
    next_attempt_at      TIMESTAMPTZ  NOT NULL DEFAULT now(),
    last_error           VARCHAR(1000),
    process_instance_key BIGINT,
    created_at           TIMESTAMPTZ  NOT NULL DEFAULT now(),
    done_at              TIMESTAMPTZ,
    CONSTRAINT engine_command_kind_chk CHECK (kind IN ('START', 'CORRELATE')),
    CONSTRAINT engine_command_status_chk CHECK (status IN ('PENDING', 'DONE'))
);

CREATE INDEX engine_command_due_idx ON engine_command (next_attempt_at) WHERE status = 'PENDING';

-- Transactional outbox: written with the change it describes, published by the relay.
CREATE TABLE outbox_event (
    id            BIGSERIAL    PRIMARY KEY,
    event_id      UUID         NOT NULL UNIQUE,
    case_id       UUID         NOT NULL REFERENCES case_file (id),
    partition_key VARCHAR(100) NOT NULL,
    event_type    VARCHAR(200) NOT NULL,
    envelope      JSONB        NOT NULL,
    created_at    TIMESTAMPTZ  NOT NULL DEFAULT now(),
    published_at  TIMESTAMPTZ
);

CREATE INDEX outbox_event_unpublished_idx ON outbox_event (id) WHERE published_at IS NULL;
