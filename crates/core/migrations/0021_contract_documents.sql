-- A contract's documents (issue "Service contracts, SLAs and a ticket desk", item 1): files attached
-- to a contract are its organization's attachments that also name the contract, so they show on
-- the contract and among the organization's files (as an email's files show among the person's).
-- Synced with the attachments (declared in sync/tables.rs).
-- Append-only: never edit this file once it has shipped; add 0022_… instead.

ALTER TABLE attachments ADD COLUMN contract_id BLOB REFERENCES contracts (id);
CREATE INDEX attachments_contract ON attachments (contract_id) WHERE contract_id IS NOT NULL;
