-- Organizations and people: the walking skeleton.
-- Append-only: never edit this file once it has shipped; add 0002_… instead.
-- Ids are UUIDv7 stored as 16-byte BLOBs; instants are ISO 8601 UTC text.

CREATE TABLE organizations (
    id              BLOB PRIMARY KEY NOT NULL,
    account_number  TEXT UNIQUE,
    name            TEXT NOT NULL CHECK (trim(name) <> ''),
    -- normalised name (case, punctuation, legal suffixes removed) for duplicate warnings
    name_key        TEXT NOT NULL,
    dba_name        TEXT,
    parent_id       BLOB REFERENCES organizations (id),
    address_line1   TEXT,
    address_line2   TEXT,
    city            TEXT,
    region          TEXT,
    postal_code     TEXT,
    country         TEXT,
    phone           TEXT,
    email           TEXT,
    website         TEXT,
    notes           TEXT,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    archived_at     TEXT
);
CREATE INDEX organizations_name_key ON organizations (name_key);
CREATE INDEX organizations_parent ON organizations (parent_id);
CREATE INDEX organizations_city ON organizations (city COLLATE NOCASE);

CREATE TABLE people (
    id              BLOB PRIMARY KEY NOT NULL,
    first_name      TEXT,
    last_name       TEXT,
    job_title       TEXT,
    department      TEXT,
    location        TEXT,
    phone           TEXT,
    mobile          TEXT,
    email           TEXT,
    organization_id BLOB REFERENCES organizations (id),
    -- free-text company name, kept only while the person is not linked to an organization
    company_name    TEXT,
    company_key     TEXT,
    -- address overrides: NULL means "inherit this field from the organization"
    address_line1   TEXT,
    address_line2   TEXT,
    city            TEXT,
    region          TEXT,
    postal_code     TEXT,
    country         TEXT,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    archived_at     TEXT,
    CHECK (coalesce(trim(first_name), '') <> '' OR coalesce(trim(last_name), '') <> ''),
    CHECK (organization_id IS NULL OR company_name IS NULL)
);
CREATE INDEX people_organization ON people (organization_id);
CREATE INDEX people_company_key ON people (company_key) WHERE company_key IS NOT NULL;
