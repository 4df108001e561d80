-- Every read and change of case data is audited. The table comes first because nothing that touches
-- case data may land before there is somewhere to record who did it.
CREATE TABLE audit_log (
    id            BIGSERIAL PRIMARY KEY,
    occurred_at   TIMESTAMPTZ  NOT NULL DEFAULT now(),
    actor         VARCHAR(200) NOT NULL,
    action        VARCHAR(50)  NOT NULL,
    resource_type VARCHAR(100) NOT NULL,
    resource_id   VARCHAR(200) NOT NULL,
    detail        JSONB
);

CREATE INDEX audit_log_resource_idx ON audit_log (resource_type, resource_id, occurred_at);
