-- Tickets and billed time, invoices, payments and credit notes (issue 5).
-- Append-only: never edit this file once it has shipped; add 0007_… instead.
-- Money is integer minor units (cents) in the currency of the settings; time is whole minutes;
-- work, issue, due and payment dates are local calendar dates "YYYY-MM-DD".

-- Billing details of an organization: a site may bill to its parent; its own hourly rate
-- (else the settings' default); news shown when a ticket is logged and when one is closed; the
-- person statements are sent to.
ALTER TABLE organizations ADD COLUMN bill_to_parent INTEGER NOT NULL DEFAULT 0 CHECK (bill_to_parent IN (0, 1));
ALTER TABLE organizations ADD COLUMN hourly_rate INTEGER CHECK (hourly_rate IS NULL OR hourly_rate >= 0);
ALTER TABLE organizations ADD COLUMN news TEXT;
ALTER TABLE organizations ADD COLUMN closure_news TEXT;
ALTER TABLE organizations ADD COLUMN billing_contact_id BLOB REFERENCES people (id);

-- Human numbers handed out without gaps (tickets, invoices): taken inside the transaction that
-- uses them, so a rolled-back transaction gives its number back.
CREATE TABLE counters (
    name    TEXT PRIMARY KEY NOT NULL,
    value   INTEGER NOT NULL
);

CREATE TABLE tickets (
    id              BLOB PRIMARY KEY NOT NULL,
    number          INTEGER NOT NULL UNIQUE,
    organization_id BLOB NOT NULL REFERENCES organizations (id),
    requester_id    BLOB REFERENCES people (id),
    subject         TEXT NOT NULL CHECK (trim(subject) <> ''),
    description     TEXT,
    status          TEXT NOT NULL CHECK (status IN ('open', 'waiting', 'closed')),
    opened_at       TEXT NOT NULL,
    closed_at       TEXT,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);
CREATE INDEX tickets_organization ON tickets (organization_id, status);

CREATE TABLE invoices (
    id              BLOB PRIMARY KEY NOT NULL,
    number          TEXT NOT NULL UNIQUE,
    -- the bill-to organization
    organization_id BLOB NOT NULL REFERENCES organizations (id),
    issue_date      TEXT NOT NULL,
    due_date        TEXT NOT NULL,
    period_from     TEXT,
    period_to       TEXT,
    currency        TEXT NOT NULL,
    subtotal        INTEGER NOT NULL,
    -- basis points: 1900 = 19 %
    tax_rate_bp     INTEGER NOT NULL DEFAULT 0,
    tax             INTEGER NOT NULL,
    total           INTEGER NOT NULL,
    void_date       TEXT,
    void_reason     TEXT,
    created_at      TEXT NOT NULL,
    CHECK (total = subtotal + tax),
    CHECK ((void_date IS NULL) = (void_reason IS NULL))
);
CREATE INDEX invoices_organization ON invoices (organization_id, issue_date);

CREATE TABLE invoice_lines (
    invoice_id      BLOB NOT NULL REFERENCES invoices (id),
    position        INTEGER NOT NULL,
    ticket_id       BLOB REFERENCES tickets (id),
    -- as billed: the site and requester names at the time
    site_name       TEXT,
    requester       TEXT,
    description     TEXT NOT NULL,
    minutes         INTEGER,
    amount          INTEGER NOT NULL,
    PRIMARY KEY (invoice_id, position)
) WITHOUT ROWID;

CREATE TABLE time_entries (
    id              BLOB PRIMARY KEY NOT NULL,
    ticket_id       BLOB NOT NULL REFERENCES tickets (id),
    work_date       TEXT NOT NULL,
    minutes         INTEGER NOT NULL CHECK (minutes > 0),
    description     TEXT,
    billable        INTEGER NOT NULL CHECK (billable IN (0, 1)),
    -- per hour, in minor units
    rate            INTEGER NOT NULL CHECK (rate >= 0),
    invoice_id      BLOB REFERENCES invoices (id),
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);
CREATE INDEX time_entries_ticket ON time_entries (ticket_id);
CREATE INDEX time_entries_unbilled ON time_entries (work_date) WHERE invoice_id IS NULL AND billable = 1;

-- Payments received and credit notes given, against an organization.
CREATE TABLE payments (
    id              BLOB PRIMARY KEY NOT NULL,
    organization_id BLOB NOT NULL REFERENCES organizations (id),
    kind            TEXT NOT NULL CHECK (kind IN ('payment', 'credit')),
    date            TEXT NOT NULL,
    amount          INTEGER NOT NULL CHECK (amount > 0),
    method          TEXT,
    reference       TEXT,
    created_at      TEXT NOT NULL
);
CREATE INDEX payments_organization ON payments (organization_id, date);

-- Which invoices a payment or credit pays.
CREATE TABLE allocations (
    payment_id      BLOB NOT NULL REFERENCES payments (id),
    invoice_id      BLOB NOT NULL REFERENCES invoices (id),
    amount          INTEGER NOT NULL CHECK (amount > 0),
    PRIMARY KEY (payment_id, invoice_id)
) WITHOUT ROWID;
CREATE INDEX allocations_invoice ON allocations (invoice_id);

-- An issued invoice never changes (void it instead) and is never deleted: numbers stay gap-free
-- and statements stay reproducible.
CREATE TRIGGER invoices_immutable BEFORE UPDATE OF id, number, organization_id, issue_date, due_date,
    period_from, period_to, currency, subtotal, tax_rate_bp, tax, total ON invoices
BEGIN
    SELECT RAISE(ABORT, 'an issued invoice cannot be changed; void it instead');
END;
-- A void is final: un-voiding would bill the time it freed twice.
CREATE TRIGGER invoices_void_final BEFORE UPDATE OF void_date, void_reason ON invoices
    WHEN old.void_date IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'a voided invoice stays void');
END;
CREATE TRIGGER invoices_undeletable BEFORE DELETE ON invoices
BEGIN
    SELECT RAISE(ABORT, 'an issued invoice cannot be deleted; void it instead');
END;
CREATE TRIGGER invoice_lines_immutable BEFORE UPDATE ON invoice_lines
BEGIN
    SELECT RAISE(ABORT, 'an issued invoice cannot be changed; void it instead');
END;
CREATE TRIGGER invoice_lines_undeletable BEFORE DELETE ON invoice_lines
BEGIN
    SELECT RAISE(ABORT, 'an issued invoice cannot be changed; void it instead');
END;
-- Billed time belongs to its invoice, until the invoice is voided (which frees it to be billed again).
CREATE TRIGGER time_entries_billed_delete BEFORE DELETE ON time_entries
    WHEN old.invoice_id IS NOT NULL AND (SELECT void_date FROM invoices WHERE id = old.invoice_id) IS NULL
BEGIN
    SELECT RAISE(ABORT, 'billed time cannot be deleted');
END;
CREATE TRIGGER time_entries_billed BEFORE UPDATE ON time_entries
    WHEN old.invoice_id IS NOT NULL
        AND (SELECT void_date FROM invoices WHERE id = old.invoice_id) IS NULL
        AND (new.invoice_id IS NOT old.invoice_id OR new.ticket_id IS NOT old.ticket_id OR new.minutes <> old.minutes
        OR new.rate <> old.rate OR new.billable <> old.billable OR new.work_date <> old.work_date)
BEGIN
    SELECT RAISE(ABORT, 'billed time cannot be changed');
END;
