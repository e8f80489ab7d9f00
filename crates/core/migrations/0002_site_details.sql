-- Site details: settings, system types and systems (secrets by reference only), notes,
-- content-addressed file attachments and organization logos.
-- Append-only: never edit this file once it has shipped; add 0003_… instead.

-- Simple key/value settings (user name, attachment size limit, …).
CREATE TABLE settings (
    key         TEXT PRIMARY KEY NOT NULL,
    value       TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);

CREATE TABLE system_types (
    id          BLOB PRIMARY KEY NOT NULL,
    name        TEXT NOT NULL CHECK (trim(name) <> ''),
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE UNIQUE INDEX system_types_name ON system_types (name COLLATE NOCASE);

-- The ordered fields of a type. Removing a field deletes its values (the UI asks first).
CREATE TABLE system_type_fields (
    id              BLOB PRIMARY KEY NOT NULL,
    system_type_id  BLOB NOT NULL REFERENCES system_types (id) ON DELETE CASCADE,
    position        INTEGER NOT NULL,
    label           TEXT NOT NULL CHECK (trim(label) <> ''),
    kind            TEXT NOT NULL CHECK (kind IN
                        ('text', 'multiline', 'ip_address', 'url', 'version', 'date', 'number', 'secret')),
    required        INTEGER NOT NULL DEFAULT 0,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);
CREATE INDEX system_type_fields_type ON system_type_fields (system_type_id, position);

CREATE TABLE systems (
    id              BLOB PRIMARY KEY NOT NULL,
    organization_id BLOB NOT NULL REFERENCES organizations (id),
    system_type_id  BLOB NOT NULL REFERENCES system_types (id),
    name            TEXT NOT NULL CHECK (trim(name) <> ''),
    notes           TEXT,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    archived_at     TEXT
);
CREATE INDEX systems_organization ON systems (organization_id);
CREATE INDEX systems_type ON systems (system_type_id);

-- Values of the non-secret fields.
CREATE TABLE system_values (
    system_id   BLOB NOT NULL REFERENCES systems (id) ON DELETE CASCADE,
    field_id    BLOB NOT NULL REFERENCES system_type_fields (id) ON DELETE CASCADE,
    value       TEXT NOT NULL,
    PRIMARY KEY (system_id, field_id)
) WITHOUT ROWID;

-- Secret fields: only a reference. The value lives in the OS keyring under service "fieldbook",
-- user name = this id (as text).
CREATE TABLE secrets (
    id          BLOB PRIMARY KEY NOT NULL,
    system_id   BLOB NOT NULL REFERENCES systems (id) ON DELETE CASCADE,
    field_id    BLOB NOT NULL REFERENCES system_type_fields (id) ON DELETE CASCADE,
    label       TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    UNIQUE (system_id, field_id)
);

-- Who revealed, copied, set or deleted which secret, and when. No foreign keys: the trail
-- outlives the secret.
CREATE TABLE secret_audit (
    id          BLOB PRIMARY KEY NOT NULL,
    secret_id   BLOB NOT NULL,
    system_id   BLOB NOT NULL,
    label       TEXT NOT NULL,
    action      TEXT NOT NULL CHECK (action IN ('set', 'reveal', 'copy', 'delete')),
    actor       TEXT NOT NULL,
    at          TEXT NOT NULL
);
CREATE INDEX secret_audit_system ON secret_audit (system_id, at);

-- Plain-text notes on an organization or a person (exactly one).
CREATE TABLE notes (
    id                BLOB PRIMARY KEY NOT NULL,
    organization_id   BLOB REFERENCES organizations (id),
    person_id         BLOB REFERENCES people (id),
    body              TEXT NOT NULL CHECK (trim(body) <> ''),
    author            TEXT NOT NULL,
    urgent            INTEGER NOT NULL DEFAULT 0,
    -- local date and time "YYYY-MM-DDTHH:MM" the customer is to be called back
    callback_at       TEXT,
    callback_done_at  TEXT,
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL,
    CHECK ((organization_id IS NULL) <> (person_id IS NULL))
);
CREATE INDEX notes_organization ON notes (organization_id);
CREATE INDEX notes_person ON notes (person_id);
CREATE INDEX notes_open_callbacks ON notes (callback_at)
    WHERE callback_at IS NOT NULL AND callback_done_at IS NULL;

-- File contents, stored once per SHA-256 at <data dir>/files/ab/abcdef….
CREATE TABLE blobs (
    sha256      TEXT PRIMARY KEY NOT NULL,
    size        INTEGER NOT NULL,
    created_at  TEXT NOT NULL
) WITHOUT ROWID;

-- An attached file: the user's name is a label only, never a path.
CREATE TABLE attachments (
    id              BLOB PRIMARY KEY NOT NULL,
    sha256          TEXT NOT NULL REFERENCES blobs (sha256),
    name            TEXT NOT NULL,
    media_type      TEXT NOT NULL,
    size            INTEGER NOT NULL,
    organization_id BLOB REFERENCES organizations (id),
    person_id       BLOB REFERENCES people (id),
    system_id       BLOB REFERENCES systems (id) ON DELETE CASCADE,
    created_at      TEXT NOT NULL,
    CHECK ((organization_id IS NOT NULL) + (person_id IS NOT NULL) + (system_id IS NOT NULL) = 1)
);
CREATE INDEX attachments_organization ON attachments (organization_id);
CREATE INDEX attachments_person ON attachments (person_id);
CREATE INDEX attachments_system ON attachments (system_id);
CREATE INDEX attachments_blob ON attachments (sha256);

ALTER TABLE organizations ADD COLUMN logo_sha256 TEXT REFERENCES blobs (sha256);
ALTER TABLE organizations ADD COLUMN logo_media_type TEXT;
