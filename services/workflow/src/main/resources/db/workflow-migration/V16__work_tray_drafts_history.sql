-- The work tray (docs/tasklist.md "Work tray"): indexes for its views and counts, each task's history, the
-- half-filled forms people save (drafts) and their saved tray filters.

-- A case's partnership and type never change, so each task carries a copy: the tray's counts then read case_task
-- alone instead of joining every open task to its case. A trigger fills them from the case on insert, whoever writes
-- the row.
ALTER TABLE case_task ADD COLUMN tenant VARCHAR(100), ADD COLUMN case_type VARCHAR(40);
UPDATE case_task t SET tenant = c.tenant, case_type = c.case_type FROM case_file c WHERE c.id = t.case_id;
ALTER TABLE case_task ALTER COLUMN tenant SET NOT NULL, ALTER COLUMN case_type SET NOT NULL;

CREATE FUNCTION case_task_copy_case() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    SELECT tenant, case_type INTO NEW.tenant, NEW.case_type FROM case_file WHERE id = NEW.case_id;
    RETURN NEW;
END;
$$;

CREATE TRIGGER case_task_copy_case BEFORE INSERT ON case_task FOR EACH ROW EXECUTE FUNCTION case_task_copy_case();

-- The tray's default order walks this index: open tasks, soonest due first (no due date last), then priority.
CREATE INDEX case_task_open_due_idx ON case_task (due_at ASC NULLS LAST, priority DESC, task_key)
    WHERE status = 'OPEN';
-- every tray query keeps to the caller's partnerships and case types
CREATE INDEX case_task_open_scope_idx ON case_task (tenant, case_type) WHERE status = 'OPEN';

-- What happened to a task and in which role: created, claimed, unassigned, completed, canceled. Written in the
-- transaction that changes the mirror row, next to the case event. actor is the staff identifier of the person
-- who acted through this service (null for the engine and for changes made outside the service); actor_role is
-- the candidate group they acted in, as the case events carry it.
CREATE TABLE task_history (
    id         BIGSERIAL    PRIMARY KEY,
    task_key   BIGINT       NOT NULL REFERENCES case_task (task_key),
    case_id    UUID         NOT NULL REFERENCES case_file (id),
    action     VARCHAR(20)  NOT NULL,
    actor      VARCHAR(200),
    actor_role VARCHAR(200),
    at         TIMESTAMPTZ  NOT NULL,
    CONSTRAINT task_history_action_chk CHECK (action IN ('CREATED', 'CLAIMED', 'ASSIGNED', 'UNASSIGNED',
                                                         'COMPLETED', 'CANCELED'))
);

CREATE INDEX task_history_task_idx ON task_history (task_key, at, id);

-- Tasks mirrored before this table existed get what the mirror knows of them.
INSERT INTO task_history (task_key, case_id, action, at)
SELECT task_key, case_id, 'CREATED', created_at FROM case_task;
INSERT INTO task_history (task_key, case_id, action, at)
SELECT task_key, case_id, CASE status WHEN 'CANCELED' THEN 'CANCELED' ELSE 'COMPLETED' END, ended_at
FROM case_task WHERE ended_at IS NOT NULL;

-- A form half filled in, kept per person and task so an expired session never loses it. It holds what the person
-- typed (personal data), so it lives here, is only ever shown to the person who wrote it while they may still see
-- the task, and is deleted when the task is completed or ends.
CREATE TABLE task_draft (
    task_key     BIGINT       NOT NULL REFERENCES case_task (task_key),
    user_id      VARCHAR(200) NOT NULL,
    draft_values JSONB        NOT NULL,
    saved_at     TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (task_key, user_id)
);

-- A person's saved tray filters: a name and the tray query keys (view, caseType, taskType, due, assignee, tenant,
-- candidateGroup, sort) with their values. No case data.
CREATE TABLE tray_filter (
    id         BIGSERIAL    PRIMARY KEY,
    user_id    VARCHAR(200) NOT NULL,
    name       VARCHAR(100) NOT NULL,
    query      JSONB        NOT NULL,
    created_at TIMESTAMPTZ  NOT NULL,
    CONSTRAINT tray_filter_name_once UNIQUE (user_id, name)
);
