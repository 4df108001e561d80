-- The inbox retention sweep (docs/operations.md, "Retention") deletes the oldest ids first.
CREATE INDEX inbox_received ON inbox (received_at);
