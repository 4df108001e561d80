#!/bin/bash
# One database per service, as in the local stack, and the workflow service's own login role: it may only read and
# append to the audit trail (the workflow migrations, run as the owner, grant it the rest; docs/security.md).
set -euo pipefail
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" \
  -v workflow_password="${WORKFLOW_DB_PASSWORD:?set WORKFLOW_DB_PASSWORD in .env}" <<'SQL'
CREATE DATABASE engine;
CREATE DATABASE workflow;
CREATE DATABASE reporting;
CREATE ROLE workflow_service LOGIN PASSWORD :'workflow_password';
SQL
