-- Consumers keep the ids of the events they have applied, so a redelivered event is never counted twice.
CREATE TABLE inbox (
    event_id     VARCHAR(200) PRIMARY KEY,
    event_type   VARCHAR(200) NOT NULL,
    received_at  TIMESTAMPTZ  NOT NULL DEFAULT now()
);
