-- Import history, the undo record of every import, and saved column mappings.
-- Append-only: never edit this file once it has shipped; add 0006_… instead.

CREATE TABLE imports (
    id              BLOB PRIMARY KEY NOT NULL,
    -- organizations | people | organizer (the organization importer)
    kind            TEXT NOT NULL,
    file_name       TEXT,
    file_sha256     TEXT,
    -- JSON: the file format and the column → field mapping used
    mapping         TEXT NOT NULL,
    created         INTEGER NOT NULL,
    updated         INTEGER NOT NULL,
    skipped         INTEGER NOT NULL,
    errors          INTEGER NOT NULL,
    actor           TEXT NOT NULL,
    -- also the updated_at of every row the import touched: undo checks nothing changed since
    applied_at      TEXT NOT NULL,
    undone_at       TEXT
);
CREATE INDEX imports_applied ON imports (applied_at);

-- What an import did to each record: created it, or updated it (with the row as it was before,
-- as JSON, so undo restores it exactly).
CREATE TABLE import_changes (
    import_id       BLOB NOT NULL REFERENCES imports (id) ON DELETE CASCADE,
    entity          TEXT NOT NULL CHECK (entity IN ('organization', 'person')),
    entity_id       BLOB NOT NULL,
    action          TEXT NOT NULL CHECK (action IN ('create', 'update')),
    before          TEXT,
    PRIMARY KEY (import_id, entity, entity_id)
) WITHOUT ROWID;

CREATE TABLE import_mappings (
    kind            TEXT NOT NULL,
    name            TEXT NOT NULL CHECK (trim(name) <> ''),
    -- JSON array of [header, target]
    columns         TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    PRIMARY KEY (kind, name)
);
