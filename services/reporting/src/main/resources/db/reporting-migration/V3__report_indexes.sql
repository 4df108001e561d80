-- The annual tables select a year of cases by referral day or closing day, and join their stages by case.
CREATE INDEX case_summary_referred ON case_summary
    (projection_version, tenant, case_type, (coalesce(trigger_date, opened_on)));
CREATE INDEX case_summary_closed ON case_summary (projection_version, tenant, case_type, closed_on);
CREATE INDEX stage_case ON stage (projection_version, case_pseudonym, task_type);
