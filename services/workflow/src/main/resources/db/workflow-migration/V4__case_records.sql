-- Case records written by the job workers (docs/workers.md). Personal data stays out of these tables too: they
-- hold ids, codes, flags and dates; names and narratives live in the referral payload and the tasklist's records.

-- One row per job a worker has handled. The engine delivers a job at least once (timeouts, lost answers), so a
-- worker claims the job key in the same transaction as its change and, on a repeat delivery, answers with the
-- stored result instead of doing the work again.
CREATE TABLE worker_job (
    job_key              BIGINT       PRIMARY KEY,
    job_type             VARCHAR(100) NOT NULL,
    process_instance_key BIGINT       NOT NULL,
    element_id           VARCHAR(200) NOT NULL,
    -- the variables the worker returned to the engine (ids, codes and dates only)
    result               JSONB        NOT NULL,
    handled_at           TIMESTAMPTZ  NOT NULL
);

-- Why a case was closed (case.close header closeReason); null for the normal end of the process.
ALTER TABLE case_file ADD COLUMN closure_reason VARCHAR(40);

-- Links between cases: a child death case and the serious-incident case it raised, and back.
CREATE TABLE case_link (
    case_id        UUID        NOT NULL REFERENCES case_file (id),
    linked_case_id UUID        NOT NULL REFERENCES case_file (id),
    link_type      VARCHAR(30) NOT NULL,
    created_at     TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (case_id, link_type, linked_case_id),
    CONSTRAINT case_link_type_chk CHECK (link_type IN ('SIN_CANDIDATE', 'SOURCE'))
);

-- DOMAIN §3.8 / §4.3: one death raises at most one serious-incident referral.
CREATE UNIQUE INDEX case_link_one_sin_candidate ON case_link (case_id) WHERE link_type = 'SIN_CANDIDATE';

-- LADO: the KCSIE edition pinned by case.open (DOMAIN §7.6) and the outcome lado.record-outcome stores.
CREATE TABLE lado_case (
    case_id          UUID        PRIMARY KEY REFERENCES case_file (id),
    kcsie_edition    VARCHAR(40) NOT NULL,
    pinned_at        TIMESTAMPTZ NOT NULL,
    finding          VARCHAR(40),
    disposal         VARCHAR(40),
    refer_dbs        BOOLEAN,
    refer_tra        BOOLEAN,
    refer_regulator  BOOLEAN,
    refer_ofsted     BOOLEAN,
    outcome_at       TIMESTAMPTZ
);

-- Notifications to roles (notification.send) and notices to national bodies (review.notify-panel), DOMAIN §2.2
-- Notification. Sending is recorded here; delivery (letter, e-mail, the Panel's portal) is an integration that
-- reads QUEUED rows and sets SENT. One row per job: the job key is the idempotency key.
CREATE TABLE case_notice (
    id              BIGSERIAL    PRIMARY KEY,
    case_id         UUID         NOT NULL REFERENCES case_file (id),
    job_key         BIGINT       NOT NULL UNIQUE,
    kind            VARCHAR(20)  NOT NULL,
    -- the template (notification.send) or the notice code (review.notify-panel)
    notice          VARCHAR(100) NOT NULL,
    -- role or body codes, comma-separated
    recipients      VARCHAR(500) NOT NULL,
    channel         VARCHAR(20)  NOT NULL,
    payload_sha256  CHAR(64)     NOT NULL,
    -- the decision codes and flags the notice reports (review.notify-panel), never free text
    detail          JSONB,
    status          VARCHAR(20)  NOT NULL,
    created_at      TIMESTAMPTZ  NOT NULL,
    sent_at         TIMESTAMPTZ,
    acknowledged_at TIMESTAMPTZ,
    CONSTRAINT case_notice_kind_chk CHECK (kind IN ('NOTIFICATION', 'PANEL_NOTICE')),
    CONSTRAINT case_notice_status_chk CHECK (status IN ('QUEUED', 'SENT', 'ACKNOWLEDGED'))
);

CREATE INDEX case_notice_case_idx ON case_notice (case_id);
CREATE INDEX case_notice_queued_idx ON case_notice (id) WHERE status = 'QUEUED';

-- Information requests to agencies (agency-request.send): reporting forms, SCR agency information, IMRs, rapid
-- review summaries. The answer arrives as message agency-request.returned (intake / tasklist set RETURNED).
CREATE TABLE agency_request (
    id           BIGSERIAL    PRIMARY KEY,
    case_id      UUID         NOT NULL REFERENCES case_file (id),
    job_key      BIGINT       NOT NULL UNIQUE,
    request_type VARCHAR(40)  NOT NULL,
    agency_id    VARCHAR(100) NOT NULL,
    due_at       TIMESTAMPTZ,
    status       VARCHAR(20)  NOT NULL,
    requested_at TIMESTAMPTZ  NOT NULL,
    returned_at  TIMESTAMPTZ,
    CONSTRAINT agency_request_status_chk CHECK (status IN ('REQUESTED', 'RETURNED', 'DECLINED'))
);

CREATE INDEX agency_request_case_idx ON agency_request (case_id, request_type, agency_id);

-- Child deaths: what was queued for NCMD (eCDOP transfer or portal) or, for cases NCMD does not take, for the
-- annual LSCB1 return. One row per case and status.
CREATE TABLE ncmd_submission (
    case_id            UUID        NOT NULL REFERENCES case_file (id),
    ncmd_status        VARCHAR(20) NOT NULL,
    target             VARCHAR(10) NOT NULL,
    category_of_death  SMALLINT,
    modifiable_factors VARCHAR(30),
    status             VARCHAR(20) NOT NULL,
    queued_at          TIMESTAMPTZ NOT NULL,
    sent_at            TIMESTAMPTZ,
    PRIMARY KEY (case_id, ncmd_status),
    CONSTRAINT ncmd_submission_status_chk CHECK (ncmd_status IN ('NOTIFIED', 'FINALISED')),
    CONSTRAINT ncmd_submission_target_chk CHECK (target IN ('NCMD', 'LSCB1')),
    CONSTRAINT ncmd_submission_state_chk CHECK (status IN ('QUEUED', 'SENT'))
);

-- Engine commands gain PUBLISH: a message to another process (sin.candidate.raised), sent after commit.
ALTER TABLE engine_command ADD COLUMN message_name VARCHAR(200);
ALTER TABLE engine_command ADD COLUMN correlation_key VARCHAR(250);
ALTER TABLE engine_command DROP CONSTRAINT engine_command_kind_chk;
ALTER TABLE engine_command ADD CONSTRAINT engine_command_kind_chk CHECK (kind IN ('START', 'CORRELATE', 'PUBLISH'));
