-- Projections are versioned: a rebuild fills version N+1 beside the live version N, then switches over and drops N.
-- Every table below carries projection_version as the first key column, so both can live side by side.
CREATE TABLE projection_version (
    version        INT          PRIMARY KEY,
    state          VARCHAR(16)  NOT NULL CHECK (state IN ('BUILDING', 'ACTIVE', 'RETIRED', 'FAILED')),
    created_at     TIMESTAMPTZ  NOT NULL DEFAULT now(),
    activated_at   TIMESTAMPTZ,
    events_replayed BIGINT      NOT NULL DEFAULT 0,
    detail         VARCHAR(500)
);
-- at most one version answers queries
CREATE UNIQUE INDEX projection_version_one_active ON projection_version ((true)) WHERE state = 'ACTIVE';
-- at most one rebuild at a time
CREATE UNIQUE INDEX projection_version_one_building ON projection_version ((true)) WHERE state = 'BUILDING';
INSERT INTO projection_version (version, state, activated_at) VALUES (1, 'ACTIVE', now());

ALTER TABLE inbox ADD COLUMN projection_version INT NOT NULL DEFAULT 1;
ALTER TABLE inbox DROP CONSTRAINT inbox_pkey;
ALTER TABLE inbox ADD PRIMARY KEY (projection_version, event_id);
ALTER TABLE inbox ALTER COLUMN projection_version DROP DEFAULT;

-- The last sequence applied per case: the next event must be last_sequence + 1.
CREATE TABLE case_position (
    projection_version INT         NOT NULL,
    case_pseudonym     CHAR(64)    NOT NULL,
    tenant             VARCHAR(64) NOT NULL,
    last_sequence      BIGINT      NOT NULL,
    PRIMARY KEY (projection_version, case_pseudonym)
);

-- Events that arrived after a gap, held until the gap fills. held_since comes from the service clock, so a test can
-- age a gap without waiting.
CREATE TABLE pending_event (
    projection_version INT          NOT NULL,
    case_pseudonym     CHAR(64)     NOT NULL,
    sequence           BIGINT       NOT NULL,
    event_id           VARCHAR(200) NOT NULL,
    tenant             VARCHAR(64)  NOT NULL,
    payload            TEXT         NOT NULL,
    parked             BOOLEAN      NOT NULL,
    topic              VARCHAR(249) NOT NULL,
    kafka_partition    INT          NOT NULL,
    kafka_offset       BIGINT       NOT NULL,
    held_since         TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (projection_version, case_pseudonym, sequence)
);
CREATE INDEX pending_event_age ON pending_event (projection_version, held_since);

-- Records the projections could not use, with the reason as codes; the record's bytes are kept so nothing is lost.
CREATE TABLE parked_event (
    id                 BIGSERIAL    PRIMARY KEY,
    projection_version INT          NOT NULL,
    topic              VARCHAR(249) NOT NULL,
    kafka_partition    INT          NOT NULL,
    kafka_offset       BIGINT       NOT NULL,
    event_id           VARCHAR(200),
    event_type         VARCHAR(200),
    case_pseudonym     CHAR(64),
    sequence           BIGINT,
    reason             VARCHAR(40)  NOT NULL,
    field              VARCHAR(200),
    rule               VARCHAR(60)  NOT NULL,
    detail             VARCHAR(500),
    payload            BYTEA        NOT NULL,
    parked_at          TIMESTAMPTZ  NOT NULL,
    UNIQUE (projection_version, topic, kafka_partition, kafka_offset)
);

CREATE TABLE case_summary (
    projection_version INT          NOT NULL,
    case_pseudonym     CHAR(64)     NOT NULL,
    tenant             VARCHAR(64)  NOT NULL,
    case_type          VARCHAR(40)  NOT NULL,
    process_version    VARCHAR(40)  NOT NULL,
    referral_kind      VARCHAR(64),
    channel            VARCHAR(16),
    trigger_date       DATE,
    opened_on          DATE,
    age_band           VARCHAR(16),
    categories         JSONB,
    closed_on          DATE,
    closure_reason     VARCHAR(64),
    imported           BOOLEAN      NOT NULL DEFAULT false,
    PRIMARY KEY (projection_version, case_pseudonym)
);
CREATE INDEX case_summary_opened ON case_summary (projection_version, tenant, case_type, opened_on);

CREATE TABLE case_timeline (
    projection_version INT          NOT NULL,
    case_pseudonym     CHAR(64)     NOT NULL,
    sequence           BIGINT       NOT NULL,
    tenant             VARCHAR(64)  NOT NULL,
    event_id           VARCHAR(200) NOT NULL,
    event_type         VARCHAR(200) NOT NULL,
    occurred_on        DATE         NOT NULL,
    business_date      DATE         NOT NULL,
    detail             JSONB        NOT NULL,
    PRIMARY KEY (projection_version, case_pseudonym, sequence)
);

CREATE TABLE stage (
    projection_version INT          NOT NULL,
    task               CHAR(64)     NOT NULL,
    case_pseudonym     CHAR(64)     NOT NULL,
    tenant             VARCHAR(64)  NOT NULL,
    case_type          VARCHAR(40)  NOT NULL,
    task_type          VARCHAR(64)  NOT NULL,
    state              VARCHAR(16)  NOT NULL CHECK (state IN ('OPEN', 'ASSIGNED', 'COMPLETED', 'CANCELED')),
    created_on         DATE         NOT NULL,
    due_on             DATE,
    assigned_on        DATE,
    assignee_role      VARCHAR(64),
    completed_on       DATE,
    canceled_on        DATE,
    working_days       INT,
    PRIMARY KEY (projection_version, task)
);
CREATE INDEX stage_completed ON stage (projection_version, tenant, case_type, task_type, completed_on);

CREATE TABLE deadline (
    projection_version INT          NOT NULL,
    case_pseudonym     CHAR(64)     NOT NULL,
    timescale          VARCHAR(64)  NOT NULL,
    due_on             DATE         NOT NULL,
    tenant             VARCHAR(64)  NOT NULL,
    case_type          VARCHAR(40)  NOT NULL,
    state              VARCHAR(16)  NOT NULL CHECK (state IN ('OPEN', 'MET', 'BREACHED', 'LAPSED')),
    set_on             DATE,
    closed_on          DATE,
    -- working days before the due date it was met (negative: late); null while open
    days_early         INT,
    PRIMARY KEY (projection_version, case_pseudonym, timescale, due_on)
);
CREATE INDEX deadline_open ON deadline (projection_version, tenant, state, due_on);

-- Decisions, outcomes and notices: the coded facts the annual tables count.
CREATE TABLE case_fact (
    projection_version INT          NOT NULL,
    case_pseudonym     CHAR(64)     NOT NULL,
    sequence           BIGINT       NOT NULL,
    tenant             VARCHAR(64)  NOT NULL,
    case_type          VARCHAR(40)  NOT NULL,
    kind               VARCHAR(16)  NOT NULL CHECK (kind IN ('DECISION', 'OUTCOME', 'NOTICE')),
    fact_type          VARCHAR(64)  NOT NULL,
    code               VARCHAR(64)  NOT NULL,
    fact_on            DATE         NOT NULL,
    role               VARCHAR(64),
    PRIMARY KEY (projection_version, case_pseudonym, sequence)
);
CREATE INDEX case_fact_type ON case_fact (projection_version, tenant, kind, fact_type, fact_on);
