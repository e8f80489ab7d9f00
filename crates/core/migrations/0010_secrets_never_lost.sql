-- Secrets are never lost and never stored here (issue "Trust").
-- Append-only: never edit this file once it has shipped; add 0011_… instead.

-- Keyring entries that may exist without a `secrets` row pointing at them: a new value written
-- to the keyring before the transaction that references it commits (the save may still fail or
-- the process die), and the entries of rows that were replaced or deleted (by a save, a type
-- edit, a system delete or any cascade). Whoever wrote an id here removes the entry once the
-- outcome is known; the start-up sweep removes what a crash left, once the grace period is over
-- and no row references the id. Only this database can judge its own entries: the keyring is
-- shared by every Fieldbook database of the user (another data folder, data kept aside after a
-- restore), so the sweep never lists the keyring, it only reads this table.
-- Local to this machine: the keyring is this machine's (never synced).
CREATE TABLE keyring_cleanup (
    secret_id   BLOB PRIMARY KEY NOT NULL,
    noted_at    TEXT NOT NULL
) WITHOUT ROWID;

-- Every row that stops referencing a keyring entry queues it, whatever deleted it.
CREATE TRIGGER secrets_cleanup_ad AFTER DELETE ON secrets BEGIN
    INSERT INTO keyring_cleanup (secret_id, noted_at)
        VALUES (OLD.id, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
        ON CONFLICT (secret_id) DO NOTHING;
END;
CREATE TRIGGER secrets_cleanup_au AFTER UPDATE OF id ON secrets WHEN OLD.id <> NEW.id BEGIN
    INSERT INTO keyring_cleanup (secret_id, noted_at)
        VALUES (OLD.id, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
        ON CONFLICT (secret_id) DO NOTHING;
END;

-- A value of a secret field belongs in the keyring. Earlier versions of the demo generator
-- wrote made-up values into secret fields of existing types; they are plaintext where no
-- password may be, so they go.
DELETE FROM system_values
    WHERE field_id IN (SELECT id FROM system_type_fields WHERE kind = 'secret');

CREATE TRIGGER system_values_no_secret_ai BEFORE INSERT ON system_values
    WHEN (SELECT kind FROM system_type_fields WHERE id = NEW.field_id) = 'secret'
BEGIN
    SELECT RAISE(ABORT, 'a secret field''s value belongs in the keyring, never in the database');
END;
CREATE TRIGGER system_values_no_secret_au BEFORE UPDATE ON system_values
    WHEN (SELECT kind FROM system_type_fields WHERE id = NEW.field_id) = 'secret'
BEGIN
    SELECT RAISE(ABORT, 'a secret field''s value belongs in the keyring, never in the database');
END;
CREATE TRIGGER system_type_fields_no_secret_values BEFORE UPDATE OF kind ON system_type_fields
    WHEN NEW.kind = 'secret' AND EXISTS (SELECT 1 FROM system_values WHERE field_id = NEW.id)
BEGIN
    SELECT RAISE(ABORT, 'a field with stored values cannot become a secret field');
END;
