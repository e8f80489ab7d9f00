-- Prepaid hours (issue "Service contracts, SLAs and a ticket desk", item 2). A contract of kind
-- prepaid_hours holds a block of hours: the sum of its top-ups (a negative one corrects a
-- mistaken top-up). Billable time on the tickets it covers draws on the block when invoices are
-- compiled (one draw per time entry and invoice); voiding the invoice deletes its draws, so the
-- hours return. Both tables sync (declared in sync/tables.rs); their rows never change.
-- Append-only: never edit this file once it has shipped; add 0020_… instead.

CREATE TABLE prepaid_top_ups (
    id          BLOB PRIMARY KEY NOT NULL,
    contract_id BLOB NOT NULL REFERENCES contracts (id) ON DELETE CASCADE,
    minutes     INTEGER NOT NULL CHECK (minutes <> 0 AND minutes BETWEEN -6000000 AND 6000000),
    added_on    TEXT NOT NULL,
    note        TEXT,
    created_by  BLOB REFERENCES staff (id),
    created_at  TEXT NOT NULL
);
CREATE INDEX prepaid_top_ups_contract ON prepaid_top_ups (contract_id, added_on);

CREATE TABLE prepaid_draws (
    id            BLOB PRIMARY KEY NOT NULL,
    contract_id   BLOB NOT NULL REFERENCES contracts (id),
    time_entry_id BLOB NOT NULL REFERENCES time_entries (id),
    invoice_id    BLOB NOT NULL REFERENCES invoices (id),
    minutes       INTEGER NOT NULL CHECK (minutes > 0),
    created_at    TEXT NOT NULL
);
CREATE INDEX prepaid_draws_contract ON prepaid_draws (contract_id);
CREATE INDEX prepaid_draws_invoice ON prepaid_draws (invoice_id);
CREATE INDEX prepaid_draws_entry ON prepaid_draws (time_entry_id);

-- The minutes of an invoice line paid from prepaid hours (its amount is the rest's).
ALTER TABLE invoice_lines ADD COLUMN prepaid_minutes INTEGER;
