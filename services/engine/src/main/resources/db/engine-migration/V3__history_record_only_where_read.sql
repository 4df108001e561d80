-- The record column (the record as engine_record held it) is read back only for process instances (sequence
-- flows), variables (full values) and message subscriptions (correlations); for the other kinds it repeated the
-- search result in body. It is now written for those three kinds only and is null for the rest. Jobs and timers
-- get no history row at all (nothing reads them once their instance ended).
ALTER TABLE engine_history ALTER COLUMN record DROP NOT NULL;
