-- A deadline still OPEN when its case closes was neither met nor breached through the model: the step it timed was
-- not needed on the path the case took (L2a when L2b applied, T1 for an incident that was not notifiable), or no
-- task marks it met (a receive task, a message that came in time). It becomes LAPSED at closure, with an event, so
-- nothing downstream counts it as running for ever.
ALTER TABLE case_deadline DROP CONSTRAINT case_deadline_status_chk;
ALTER TABLE case_deadline ADD CONSTRAINT case_deadline_status_chk CHECK (status IN ('OPEN', 'MET', 'BREACHED', 'LAPSED'));
