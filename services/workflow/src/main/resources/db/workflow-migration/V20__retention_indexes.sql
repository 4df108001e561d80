-- Retention sweeps (docs/operations.md, "Retention") delete job receipts by age; job keys are not in time order.
CREATE INDEX worker_job_handled_idx ON worker_job (handled_at);
