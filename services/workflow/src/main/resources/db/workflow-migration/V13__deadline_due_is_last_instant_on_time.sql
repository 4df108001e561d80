-- One due date per duty (issue 10): due_at becomes the last instant on time (23:59:59 London on the last day on
-- time for day-based timescales), the same instant as the task's due date, shown as the same day in every
-- deadline.* event. It used to hold the first late instant, which the boundary timer fires on; that instant is now
-- due_at + 1 second and lives only in the engine (variable breachAt<ID>). Rows written before move back one second.
UPDATE case_deadline SET due_at = due_at - INTERVAL '1 second';

COMMENT ON COLUMN case_deadline.due_at IS
    'the due date: last instant on time (day units: 23:59:59 Europe/London on the last day); breach timer fires at due_at + 1 s';
