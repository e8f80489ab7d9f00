-- Team sync (issue "Team database"): this machine's side of sharing one data set through a
-- PostgreSQL server. Capture triggers are not here: they are generated from the schema when the
-- database opens (`sync/capture.rs`), so a column or table added by a later migration is
-- captured without anyone writing a trigger by hand.
-- Append-only: never edit this file once it has shipped; add 0016_… instead.

-- One row: whether changes are captured (1 while this machine is in a team and not applying
-- pulled changes). The capture triggers read it, so it is a table, not a setting.
CREATE TABLE sync_control (
    id       INTEGER PRIMARY KEY CHECK (id = 1),
    capture  INTEGER NOT NULL DEFAULT 0,
    -- a hash of the installed capture triggers: they are rebuilt when the schema changes
    triggers TEXT NOT NULL DEFAULT ''
);
INSERT INTO sync_control (id, capture) VALUES (1, 0);

-- This machine's sync state: the server, the data set it belongs to, its cursor, the last sync.
CREATE TABLE sync_state (
    key   TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
);

-- Local changes not yet accepted by the server, one row per changed field of a row (coalesced:
-- a second edit of the same field updates the row and keeps its base), '+' for a row created
-- here (its fields are read when it is pushed) and '-' for a row deleted here.
CREATE TABLE sync_outbox (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    tbl        TEXT NOT NULL,
    -- the row's primary key: a JSON array of its values (BLOB ids as hex)
    key        TEXT NOT NULL,
    field      TEXT NOT NULL,
    -- the value the server had when this machine changed it, and the new one (any type)
    base,
    new,
    -- when the change is being pushed: its operation id, so a resend applies nothing twice
    sent_op    TEXT,
    -- a value sent by a push still unanswered when the field changed again
    sent_value,
    sent_known INTEGER NOT NULL DEFAULT 0,
    changed_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    UNIQUE (tbl, key, field)
);
-- The server's answer names operations: their rows are found by it.
CREATE INDEX sync_outbox_sent ON sync_outbox (sent_op) WHERE sent_op IS NOT NULL;

-- Conflicts the server recorded: two machines changed the same field differently, an edit met
-- an archive or a delete, or a unique value (an account number) was taken elsewhere. Synced like
-- a record: everyone sees them, and resolving one syncs as an edit.
CREATE TABLE sync_conflicts (
    id          BLOB PRIMARY KEY NOT NULL,
    -- what: edit, archive, deleted, unique
    kind        TEXT NOT NULL,
    tbl         TEXT NOT NULL,
    row_key     TEXT NOT NULL,
    field       TEXT NOT NULL,
    -- JSON values: what the losing edit started from, what it wanted, what the server kept
    base        TEXT,
    mine        TEXT,
    theirs      TEXT,
    message     TEXT NOT NULL,
    -- who made the edit that did not apply (a staff member), and when the server saw it
    actor_id    BLOB REFERENCES staff (id),
    at          TEXT NOT NULL,
    resolved_at TEXT,
    resolved_by BLOB REFERENCES staff (id)
);
CREATE INDEX sync_conflicts_open ON sync_conflicts (at) WHERE resolved_at IS NULL;

-- Pulled rows that could not be applied yet (a unique value still held by a local change that
-- the server has not seen), retried after the next push.
CREATE TABLE sync_deferred (
    tbl    TEXT NOT NULL,
    key    TEXT NOT NULL,
    fields TEXT NOT NULL,
    why    TEXT NOT NULL,
    PRIMARY KEY (tbl, key)
);
