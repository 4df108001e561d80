-- Tasklist (docs/tasklist.md): a mirror of the engine's user tasks, the forms they show, and what caseworkers
-- enter when they complete them. Free text (record.* form fields) and decision rationales live here and never
-- go to the engine; the engine only gets the routing facts.

-- Forms as deployed in the engine. A form key names one immutable version of a form, so a row never changes.
CREATE TABLE task_form (
    form_key   BIGINT       PRIMARY KEY,
    form_id    VARCHAR(200) NOT NULL,
    version    BIGINT       NOT NULL,
    schema     JSONB        NOT NULL,
    fetched_at TIMESTAMPTZ  NOT NULL DEFAULT now()
);

-- One row per engine user task that belongs to a case, written the first time the poller sees the task
-- (the user task key is the idempotency key: a second sight inserts nothing and emits nothing).
CREATE TABLE case_task (
    task_key             BIGINT       PRIMARY KEY,
    case_id              UUID         NOT NULL REFERENCES case_file (id),
    process_instance_key BIGINT       NOT NULL,
    element_instance_key BIGINT       NOT NULL,
    process_id           VARCHAR(200) NOT NULL,
    element_id           VARCHAR(200) NOT NULL,
    name                 VARCHAR(500),
    form_key             BIGINT       REFERENCES task_form (form_key),
    form_id              VARCHAR(200),
    candidate_groups     TEXT[]       NOT NULL DEFAULT '{}',
    candidate_users      TEXT[]       NOT NULL DEFAULT '{}',
    assignee             VARCHAR(200),
    due_at               TIMESTAMPTZ,
    follow_up_at         TIMESTAMPTZ,
    priority             INT          NOT NULL DEFAULT 50,
    custom_headers       JSONB        NOT NULL DEFAULT '{}',
    -- OPEN: waiting in the engine; COMPLETING: a completion is recorded here and being sent to the engine;
    -- COMPLETED; CANCELED: ended by the engine (interrupting event, instance canceled) without a completion
    status               VARCHAR(20)  NOT NULL DEFAULT 'OPEN',
    created_at           TIMESTAMPTZ  NOT NULL,
    first_seen_at        TIMESTAMPTZ  NOT NULL DEFAULT now(),
    -- clock_timestamp() of the last change, so the poller never applies an engine reading older than a change
    -- made through the API
    updated_at           TIMESTAMPTZ  NOT NULL DEFAULT clock_timestamp(),
    ended_at             TIMESTAMPTZ,
    CONSTRAINT case_task_status_chk CHECK (status IN ('OPEN', 'COMPLETING', 'COMPLETED', 'CANCELED'))
);

CREATE INDEX case_task_case_idx ON case_task (case_id);
CREATE INDEX case_task_open_groups_idx ON case_task USING GIN (candidate_groups) WHERE status = 'OPEN';
CREATE INDEX case_task_open_assignee_idx ON case_task (assignee) WHERE status = 'OPEN';
-- the poller finds a task's case by its process instance
CREATE INDEX case_file_instance_idx ON case_file (process_instance_key);

-- At most one completion per task: the idempotency record and the pending engine command in one row.
-- Written in the transaction that stores the notes, the decision and the outbox events; the engine is called
-- after commit, and again (by the request's retry or the background retrier) until it accepts.
CREATE TABLE task_completion (
    task_key        BIGINT       PRIMARY KEY REFERENCES case_task (task_key),
    case_id         UUID         NOT NULL REFERENCES case_file (id),
    completed_by    VARCHAR(200) NOT NULL,
    submitted_at    TIMESTAMPTZ  NOT NULL,
    -- SHA-256 of the normalised submission: the same submission again is a retry, a different one a conflict
    request_sha256  CHAR(64)     NOT NULL,
    -- the routing variables sent to the engine (never record.* fields)
    variables       JSONB        NOT NULL,
    status          VARCHAR(20)  NOT NULL DEFAULT 'PENDING',
    attempts        INT          NOT NULL DEFAULT 0,
    leased_until    TIMESTAMPTZ,
    next_attempt_at TIMESTAMPTZ  NOT NULL DEFAULT now(),
    last_error      VARCHAR(1000),
    done_at         TIMESTAMPTZ,
    CONSTRAINT task_completion_status_chk CHECK (status IN ('PENDING', 'DONE', 'FAILED'))
);

CREATE INDEX task_completion_due_idx ON task_completion (next_attempt_at) WHERE status = 'PENDING';

-- Free text entered on a task form (record.* fields other than a decision's rationale), in the case record.
CREATE TABLE case_note (
    id         BIGSERIAL    PRIMARY KEY,
    case_id    UUID         NOT NULL REFERENCES case_file (id),
    task_key   BIGINT       NOT NULL REFERENCES case_task (task_key),
    field      VARCHAR(200) NOT NULL,
    body       TEXT         NOT NULL,
    written_by VARCHAR(200) NOT NULL,
    written_at TIMESTAMPTZ  NOT NULL,
    CONSTRAINT case_note_once UNIQUE (task_key, field)
);

CREATE INDEX case_note_case_idx ON case_note (case_id, written_at);

-- Decisions as DOMAIN §7.3 asks: each criterion as a boolean, the outcome, the decision-maker's role and the
-- rationale. Only codes and booleans of it go out in decision.recorded; the rationale stays here.
CREATE TABLE case_decision (
    id                  BIGSERIAL    PRIMARY KEY,
    case_id             UUID         NOT NULL REFERENCES case_file (id),
    task_key            BIGINT       NOT NULL UNIQUE REFERENCES case_task (task_key),
    decision_type       VARCHAR(200) NOT NULL,
    criteria            JSONB        NOT NULL,
    outcome             VARCHAR(100) NOT NULL,
    outcomes            JSONB        NOT NULL,
    decision_maker_role VARCHAR(100) NOT NULL,
    rationale           TEXT         NOT NULL,
    decided_by          VARCHAR(200) NOT NULL,
    decided_at          TIMESTAMPTZ  NOT NULL
);

CREATE INDEX case_decision_case_idx ON case_decision (case_id, decided_at);
