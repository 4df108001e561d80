-- The tasklist learns of assignments from the engine's assigning listeners (docs/tasklist.md, "Mirror"). An
-- assignment this service asked for itself (a claim, giving a claim up) is recorded by the request that asked, with
-- who asked; while it is at the engine the row names it here, so the listener can tell it from a change made
-- elsewhere and leave it to the request. Holds 'assign:' + the assignee, or 'unassign'; NULL when nothing is asked.
ALTER TABLE case_task ADD COLUMN assignment_in_flight VARCHAR(300);
