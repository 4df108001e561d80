-- The audit trail becomes append-only and hash-chained (docs/security.md, "Audit trail").
--
-- * Who and where: the actor's role codes, the tenant, the case, the OAuth client and the outcome of the request.
-- * A hash chain: every row carries prev_hash (the row_hash of the row before it, in id order) and row_hash, the
--   SHA-256 of a canonical serialisation of its own fields and prev_hash (audit_row_hash below; AuditChainVerifier
--   computes the same in Java). Changing, removing or inserting a row anywhere breaks the chain from there on.
-- * One total order: a BEFORE INSERT trigger takes the row lock of the one-row audit_chain_head, gives the row the
--   next id, the database clock and the head's hash, and moves the head. Concurrent inserts wait for that lock until
--   the inserting transaction ends, so no two rows ever link to the same predecessor (prev_hash is also UNIQUE).
-- * Two walls against rewriting: the service's login role (workflow_service) may only SELECT and INSERT here, and a
--   trigger refuses UPDATE, DELETE and TRUNCATE from anyone, the owner and superusers included.
--
-- Rows written before this migration are chained here, in id order, from the genesis hash (64 zeros): the trail a
-- service already holds is the part most worth protecting, and chaining it now proves it unchanged from today on.
-- (It cannot prove what happened to those rows before today.)

ALTER TABLE audit_log
    ADD COLUMN role      VARCHAR(500),
    ADD COLUMN tenant    VARCHAR(100),
    ADD COLUMN case_id   UUID,
    ADD COLUMN client_id VARCHAR(200),
    ADD COLUMN outcome   VARCHAR(20),
    ADD COLUMN prev_hash CHAR(64),
    ADD COLUMN row_hash  CHAR(64);

-- Existing rows: the case they concern (the resource itself, or the caseId their detail names), its tenant, and the
-- outcome their action implies. The same rules AuditLog applies to new rows.
UPDATE audit_log
SET case_id = CASE
        WHEN resource_type IN ('case', 'case_file', 'case_access')
             AND resource_id ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
            THEN resource_id::uuid
        WHEN detail ->> 'caseId' ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
            THEN (detail ->> 'caseId')::uuid
    END,
    outcome = CASE action WHEN 'DENIED' THEN 'DENIED' WHEN 'REFUSED' THEN 'REFUSED' ELSE 'OK' END;

UPDATE audit_log a
SET tenant = c.tenant
FROM case_file c
WHERE a.case_id = c.id;

-- The canonical serialisation, version 1: 'audit-v1', then for each field in this order '|-' for NULL or
-- '|' <length in UTF-8 bytes> ':' <text>. Texts: id in decimal, occurred_at in UTC as YYYY-MM-DDTHH:MM:SS.ffffffZ,
-- detail as PostgreSQL prints JSONB (jsonb::text, which is canonical: sorted keys, fixed spacing), case_id in
-- lower-case hex with hyphens. Length prefixes make the encoding unambiguous whatever the fields contain.
-- PL/pgSQL rather than SQL: a SQL function called from a trigger is planned again on every call.
CREATE FUNCTION audit_row_hash(p_id BIGINT, p_occurred_at TIMESTAMPTZ, p_actor TEXT, p_action TEXT,
                               p_resource_type TEXT, p_resource_id TEXT, p_detail JSONB, p_role TEXT, p_tenant TEXT,
                               p_case_id UUID, p_client_id TEXT, p_outcome TEXT, p_prev_hash TEXT) RETURNS CHAR(64)
    LANGUAGE plpgsql STABLE PARALLEL SAFE
AS $$
DECLARE
    fields TEXT[] := ARRAY[p_id::text,
                           to_char(p_occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
                           p_actor, p_action, p_resource_type, p_resource_id, p_detail::text, p_role, p_tenant,
                           p_case_id::text, p_client_id, p_outcome, p_prev_hash];
    serialised TEXT := 'audit-v1';
    field TEXT;
BEGIN
    FOREACH field IN ARRAY fields LOOP
        serialised := serialised || CASE WHEN field IS NULL THEN '|-'
                                         ELSE '|' || octet_length(convert_to(field, 'UTF8')) || ':' || field END;
    END LOOP;
    RETURN encode(sha256(convert_to(serialised, 'UTF8')), 'hex');
END
$$;

-- Chain the existing rows in id order.
CREATE TABLE audit_chain_head (
    singleton BOOLEAN  PRIMARY KEY DEFAULT TRUE CHECK (singleton),
    last_id   BIGINT   NOT NULL,
    last_hash CHAR(64) NOT NULL
);

DO $$
DECLARE
    r    RECORD;
    prev CHAR(64) := repeat('0', 64);
    last BIGINT := 0;
BEGIN
    FOR r IN SELECT * FROM audit_log ORDER BY id LOOP
        UPDATE audit_log
        SET prev_hash = prev,
            row_hash  = audit_row_hash(r.id, r.occurred_at, r.actor, r.action, r.resource_type, r.resource_id,
                                       r.detail, r.role, r.tenant, r.case_id, r.client_id, r.outcome, prev)
        WHERE id = r.id
        RETURNING row_hash INTO prev;
        last := r.id;
    END LOOP;
    INSERT INTO audit_chain_head (last_id, last_hash) VALUES (last, prev);
END
$$;

ALTER TABLE audit_log
    ALTER COLUMN outcome SET NOT NULL,
    ALTER COLUMN prev_hash SET NOT NULL,
    ALTER COLUMN row_hash SET NOT NULL,
    ADD CONSTRAINT audit_log_outcome_chk CHECK (outcome IN ('OK', 'DENIED', 'REFUSED')),
    ADD CONSTRAINT audit_log_hash_chk CHECK (row_hash ~ '^[0-9a-f]{64}$' AND prev_hash ~ '^[0-9a-f]{64}$'),
    -- two rows linking to one predecessor would be a fork: impossible under the head lock, refused here regardless
    ADD CONSTRAINT audit_log_prev_hash_key UNIQUE (prev_hash);

-- The auditor's queries (GET /api/audit): by case, by actor, by tenant, by period; newest first.
CREATE INDEX audit_log_case_idx ON audit_log (case_id, id);
CREATE INDEX audit_log_actor_idx ON audit_log (actor, id);
CREATE INDEX audit_log_tenant_idx ON audit_log (tenant, id);
CREATE INDEX audit_log_occurred_idx ON audit_log (occurred_at);

-- Every new row: the next id, the database's clock, derived outcome, and its place in the chain. SECURITY DEFINER so
-- the service role needs no right on audit_chain_head; search_path is pinned below so no one can slip in a
-- look-alike table (pg_temp last).
CREATE FUNCTION audit_log_seal() RETURNS TRIGGER
    LANGUAGE plpgsql SECURITY DEFINER
AS $$
DECLARE
    head audit_chain_head%ROWTYPE;
BEGIN
    -- the lock that orders the chain: held until the inserting transaction commits or rolls back
    SELECT * INTO STRICT head FROM audit_chain_head FOR UPDATE;
    NEW.id := head.last_id + 1;
    NEW.occurred_at := clock_timestamp();
    NEW.outcome := COALESCE(NEW.outcome,
            CASE NEW.action WHEN 'DENIED' THEN 'DENIED' WHEN 'REFUSED' THEN 'REFUSED' ELSE 'OK' END);
    NEW.prev_hash := head.last_hash;
    NEW.row_hash := audit_row_hash(NEW.id, NEW.occurred_at, NEW.actor, NEW.action, NEW.resource_type,
            NEW.resource_id, NEW.detail, NEW.role, NEW.tenant, NEW.case_id, NEW.client_id, NEW.outcome,
            NEW.prev_hash);
    UPDATE audit_chain_head SET last_id = NEW.id, last_hash = NEW.row_hash;
    RETURN NEW;
END
$$;

CREATE FUNCTION audit_log_append_only() RETURNS TRIGGER
    LANGUAGE plpgsql
AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only: % is not allowed', TG_OP
        USING ERRCODE = 'insufficient_privilege',
              HINT = 'Audit rows are never changed or removed (docs/security.md, "Audit trail").';
END
$$;

DO $$
BEGIN
    EXECUTE format('ALTER FUNCTION audit_log_seal() SET search_path = pg_catalog, %I, pg_temp', current_schema());
END
$$;

-- Named to fire after any other BEFORE INSERT trigger (they fire in name order), so nothing changes a row once sealed.
CREATE TRIGGER zz_audit_log_seal
    BEFORE INSERT ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_seal();

CREATE TRIGGER audit_log_append_only
    BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
-- ALWAYS: also in session_replication_role = replica, which otherwise silences triggers
ALTER TABLE audit_log ENABLE ALWAYS TRIGGER audit_log_append_only;

-- The service's run-time role. A DBA normally creates it first, with LOGIN and a password (docs/security.md); when
-- it is missing and this migration's user may create roles, it is created here without LOGIN. Roles belong to the
-- whole server, and several databases may migrate at once, so a concurrent creation is not an error.
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'workflow_service') THEN
        BEGIN
            CREATE ROLE workflow_service NOLOGIN;
        EXCEPTION
            WHEN duplicate_object OR unique_violation THEN
                NULL;
            WHEN insufficient_privilege THEN
                RAISE EXCEPTION 'role workflow_service does not exist and % may not create it', current_user
                    USING HINT = 'Create it first: CREATE ROLE workflow_service LOGIN PASSWORD ''...'' '
                                 '(docs/security.md, "Audit trail").';
        END;
    END IF;
    -- everything this migration's user owns in the schema, now and later (V9, V10, ...): ordinary read and write
    EXECUTE format('GRANT USAGE ON SCHEMA %I TO workflow_service', current_schema());
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA %I TO workflow_service',
                   current_schema());
    EXECUTE format('GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA %I TO workflow_service', current_schema());
    EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES '
                   'TO workflow_service', current_schema());
    EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I GRANT USAGE, SELECT ON SEQUENCES TO workflow_service',
                   current_schema());
END
$$;

-- ... except the audit trail (read and append only), the chain head (read only: the trigger moves it) and
-- Flyway's own history.
REVOKE ALL ON audit_log FROM PUBLIC, workflow_service;
GRANT SELECT, INSERT ON audit_log TO workflow_service;
REVOKE ALL ON audit_chain_head FROM PUBLIC, workflow_service;
GRANT SELECT ON audit_chain_head TO workflow_service;
REVOKE ALL ON ${flyway:table} FROM workflow_service;
