-- An engine command the engine refused (400 invalid, 404 unknown process, 409 wrong state) safeguarding.engine-commands
-- .refuse-after times is parked as REFUSED instead of being retried for ever: sending it again unchanged gets the same
-- answer. An operator sees it on the operations page and sends it again once the cause is fixed (a model deployed,
-- say), which makes it PENDING. The retention sweep deletes DONE rows only, so a refused one stays until then.
ALTER TABLE engine_command ADD COLUMN refusals INT NOT NULL DEFAULT 0;
ALTER TABLE engine_command ADD COLUMN refusal VARCHAR(40);
ALTER TABLE engine_command ADD COLUMN refused_at TIMESTAMPTZ;
ALTER TABLE engine_command DROP CONSTRAINT engine_command_status_chk;
ALTER TABLE engine_command ADD CONSTRAINT engine_command_status_chk CHECK (status IN ('PENDING', 'DONE', 'REFUSED'));
CREATE INDEX engine_command_refused_idx ON engine_command (refused_at) WHERE status = 'REFUSED';
