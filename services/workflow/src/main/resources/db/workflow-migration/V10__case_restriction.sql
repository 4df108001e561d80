-- Restricted records (docs/security.md, "Restricted cases"): a restricted case is visible only to the people named
-- on it and to those who broke the glass with a reason, for a limited time. Everyone else of the right team sees
-- that it exists, not what it holds.
CREATE TABLE case_restriction (
    case_id       UUID         PRIMARY KEY REFERENCES case_file (id),
    -- STAFF_ALLEGATION (an allegation about the partnership's own staff), LINKED_REVIEW (a child death linked to a
    -- practice review) or MANUAL
    reason        VARCHAR(40)  NOT NULL,
    restricted_by VARCHAR(200) NOT NULL,
    restricted_at TIMESTAMPTZ  NOT NULL
);

CREATE TABLE case_access_member (
    case_id  UUID         NOT NULL REFERENCES case_file (id),
    user_id  VARCHAR(200) NOT NULL,
    added_by VARCHAR(200) NOT NULL,
    added_at TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (case_id, user_id)
);

-- The reason is free text and may name people: it stays here, read by auditors; events and audit details carry
-- only the grant's id.
CREATE TABLE case_break_glass (
    id         BIGSERIAL    PRIMARY KEY,
    case_id    UUID         NOT NULL REFERENCES case_file (id),
    user_id    VARCHAR(200) NOT NULL,
    reason     TEXT         NOT NULL,
    granted_at TIMESTAMPTZ  NOT NULL,
    expires_at TIMESTAMPTZ  NOT NULL
);

CREATE INDEX case_break_glass_user_idx ON case_break_glass (case_id, user_id, expires_at);
