-- Alerts for managers. Not versioned with the projections: an alert is about a thing in the world (a deadline, an
-- escalation task, a stage in a period), so a rebuild or a redelivered event finds the key taken and sends nothing.
CREATE TABLE alert (
    id             BIGSERIAL    PRIMARY KEY,
    alert_key      VARCHAR(400) NOT NULL UNIQUE,
    kind           VARCHAR(32)  NOT NULL CHECK (kind IN ('DEADLINE_BREACHED', 'ESCALATION_UNANSWERED', 'STAGE_P90_OVER_TARGET')),
    tenant         VARCHAR(64)  NOT NULL,
    team           VARCHAR(16)  NOT NULL,
    -- what the alert is about without its period: a stage is alerted again only once its last period has passed
    subject        VARCHAR(400) NOT NULL,
    period_end     DATE,
    -- the alert as delivered: codes, the case pseudonym, dates and counts only
    payload        TEXT         NOT NULL,
    raised_at      TIMESTAMPTZ  NOT NULL
);

CREATE INDEX alert_subject ON alert (subject, period_end);

-- One row per channel an alert goes to; retried with back-off until delivered or out of attempts (then FAILED, kept).
CREATE TABLE alert_delivery (
    alert_id        BIGINT       NOT NULL REFERENCES alert (id),
    channel         VARCHAR(16)  NOT NULL CHECK (channel IN ('WEBHOOK', 'EMAIL')),
    state           VARCHAR(16)  NOT NULL CHECK (state IN ('PENDING', 'DELIVERED', 'FAILED')),
    attempts        INT          NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMPTZ  NOT NULL,
    last_error      VARCHAR(300),
    delivered_at    TIMESTAMPTZ,
    PRIMARY KEY (alert_id, channel)
);
CREATE INDEX alert_delivery_due ON alert_delivery (state, next_attempt_at);
