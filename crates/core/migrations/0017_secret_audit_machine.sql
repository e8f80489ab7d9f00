-- Shared credentials: the reveal and copy audit says on which machine (its name) a password was
-- revealed, copied, set or deleted. Synced with the rest of the audit row; older rows have none.
-- Append-only: never edit this file once it has shipped; add 0018_… instead.

ALTER TABLE secret_audit ADD COLUMN machine TEXT;
