-- History import (docs/import.md): closed cases brought in from a previous system. Ids, codes and hashes only; the
-- source reference is the previous system's case number, kept so a file imported twice changes nothing.

-- One row per import that wrote something (a refused file or a dry run writes nothing, not even this).
CREATE TABLE history_import (
    id          UUID         PRIMARY KEY,
    tenant      VARCHAR(100) NOT NULL,
    import_type VARCHAR(40)  NOT NULL,
    actor       VARCHAR(200) NOT NULL,
    file_sha256 CHAR(64)     NOT NULL,
    row_count   INT          NOT NULL,
    imported    INT          NOT NULL,
    skipped     INT          NOT NULL,
    imported_at TIMESTAMPTZ  NOT NULL
);

-- Each imported case under its source reference: unique per tenant and case type, so a repeated row is found (same
-- content: skipped) or refused (different content), and two concurrent imports of one file cannot both create it.
CREATE TABLE case_import (
    tenant           VARCHAR(100) NOT NULL,
    case_type        VARCHAR(40)  NOT NULL,
    source_reference VARCHAR(100) NOT NULL,
    case_id          UUID         NOT NULL UNIQUE REFERENCES case_file (id),
    import_id        UUID         NOT NULL REFERENCES history_import (id),
    -- the row's cells as imported, hashed: tells a true repeat from a changed row
    row_sha256       CHAR(64)     NOT NULL,
    PRIMARY KEY (tenant, case_type, source_reference)
);
