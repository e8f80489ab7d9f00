-- Shared credentials (sync/vault.rs), this machine's side. All three tables are local: they
-- say what this machine still has to send to or fetch from the team's password vault. None
-- holds a password or ciphertext, only secret ids.
-- Append-only: never edit this file once it has shipped; add 0017_… instead.

-- Secrets whose value was saved on this machine and is still to be sealed and sent.
CREATE TABLE vault_outbox (
    secret_id BLOB PRIMARY KEY NOT NULL
) WITHOUT ROWID;

-- Sealed values that arrived before their secret's row (they are bound to its system and
-- field, so they are opened once the row is here).
CREATE TABLE vault_pending (
    secret_id BLOB PRIMARY KEY NOT NULL
) WITHOUT ROWID;

-- Sealed values that could not be opened (changed on the server, or sealed for another
-- record): the sentence is shown for that secret only.
CREATE TABLE vault_failed (
    secret_id BLOB PRIMARY KEY NOT NULL,
    reason    TEXT NOT NULL
) WITHOUT ROWID;

-- A secret saved here while in a team (capture on: not a pulled row) is to be sent.
CREATE TRIGGER vault_outbox_ai AFTER INSERT ON secrets
    WHEN (SELECT capture FROM sync_control WHERE id = 1) = 1
BEGIN
    INSERT INTO vault_outbox (secret_id) VALUES (NEW.id) ON CONFLICT DO NOTHING;
END;
CREATE TRIGGER vault_outbox_au AFTER UPDATE OF id ON secrets
    WHEN (SELECT capture FROM sync_control WHERE id = 1) = 1 AND OLD.id <> NEW.id
BEGIN
    INSERT INTO vault_outbox (secret_id) VALUES (NEW.id) ON CONFLICT DO NOTHING;
END;
