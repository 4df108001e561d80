-- Statutory and local deadlines of a case (docs/processes.md §1.3). Written by the deadline.compute worker when a
-- clock starts; marked MET by the tasklist when the task the deadline falls on is completed in time, BREACHED by
-- the case-event.emit worker when the boundary timer fires. A breach never closes or blocks the case.
CREATE TABLE case_deadline (
    id           BIGSERIAL    PRIMARY KEY,
    case_id      UUID         NOT NULL REFERENCES case_file (id),
    timescale_id VARCHAR(20)  NOT NULL,
    -- the variable the model reads the due date from (dueL2b, or a reused name such as duePoliceReview)
    variable     VARCHAR(100) NOT NULL,
    clock_start  TIMESTAMPTZ  NOT NULL,
    due_at       TIMESTAMPTZ  NOT NULL,
    status       VARCHAR(10)  NOT NULL DEFAULT 'OPEN',
    set_at       TIMESTAMPTZ  NOT NULL,
    resolved_at  TIMESTAMPTZ,
    -- a job delivered twice computes the same due date, so this is also the worker's idempotency key
    CONSTRAINT case_deadline_once UNIQUE (case_id, timescale_id, due_at),
    CONSTRAINT case_deadline_status_chk CHECK (status IN ('OPEN', 'MET', 'BREACHED'))
);

CREATE INDEX case_deadline_open_idx ON case_deadline (case_id, due_at) WHERE status = 'OPEN';
