-- Issued invoices with something still owed (not void, paid less than their total), with what
-- is open: the Today page lists and totals them without reading every invoice ever issued.
-- Kept by triggers on invoices and allocations — for rows a team sync brings too — so it is
-- local to each machine (declared in sync/tables.rs): derived from synced rows, never sent.
-- Append-only: never edit this file once it has shipped; add 0024_… instead.

CREATE TABLE unpaid_invoices (
    invoice_id  BLOB PRIMARY KEY NOT NULL,
    due_date    TEXT NOT NULL,
    open        INTEGER NOT NULL
) WITHOUT ROWID;
-- Overdue first: the oldest due date first (ties in the order invoices were made: ids are v7).
CREATE INDEX unpaid_invoices_due ON unpaid_invoices (due_date, invoice_id);

CREATE TRIGGER unpaid_invoices_issued AFTER INSERT ON invoices
BEGIN
    INSERT OR REPLACE INTO unpaid_invoices (invoice_id, due_date, open)
    SELECT new.id, new.due_date,
        new.total - (SELECT coalesce(sum(a.amount), 0) FROM allocations a WHERE a.invoice_id = new.id)
    WHERE new.void_date IS NULL
      AND new.total > (SELECT coalesce(sum(a.amount), 0) FROM allocations a WHERE a.invoice_id = new.id);
END;

-- Voided (the only change an issued invoice takes), or a row a sync replaced.
CREATE TRIGGER unpaid_invoices_changed AFTER UPDATE ON invoices
BEGIN
    DELETE FROM unpaid_invoices WHERE invoice_id = old.id;
    INSERT OR REPLACE INTO unpaid_invoices (invoice_id, due_date, open)
    SELECT new.id, new.due_date,
        new.total - (SELECT coalesce(sum(a.amount), 0) FROM allocations a WHERE a.invoice_id = new.id)
    WHERE new.void_date IS NULL
      AND new.total > (SELECT coalesce(sum(a.amount), 0) FROM allocations a WHERE a.invoice_id = new.id);
END;

CREATE TRIGGER unpaid_invoices_deleted AFTER DELETE ON invoices
BEGIN
    DELETE FROM unpaid_invoices WHERE invoice_id = old.id;
END;

CREATE TRIGGER unpaid_invoices_paid AFTER INSERT ON allocations
BEGIN
    DELETE FROM unpaid_invoices WHERE invoice_id = new.invoice_id;
    INSERT INTO unpaid_invoices (invoice_id, due_date, open)
    SELECT i.id, i.due_date, i.total - (SELECT coalesce(sum(a.amount), 0) FROM allocations a WHERE a.invoice_id = i.id)
    FROM invoices i
    WHERE i.id = new.invoice_id AND i.void_date IS NULL
      AND i.total > (SELECT coalesce(sum(a.amount), 0) FROM allocations a WHERE a.invoice_id = i.id);
END;

CREATE TRIGGER unpaid_invoices_payment_changed AFTER UPDATE ON allocations
BEGIN
    DELETE FROM unpaid_invoices WHERE invoice_id IN (old.invoice_id, new.invoice_id);
    INSERT INTO unpaid_invoices (invoice_id, due_date, open)
    SELECT i.id, i.due_date, i.total - (SELECT coalesce(sum(a.amount), 0) FROM allocations a WHERE a.invoice_id = i.id)
    FROM invoices i
    WHERE i.id IN (old.invoice_id, new.invoice_id) AND i.void_date IS NULL
      AND i.total > (SELECT coalesce(sum(a.amount), 0) FROM allocations a WHERE a.invoice_id = i.id);
END;

CREATE TRIGGER unpaid_invoices_payment_removed AFTER DELETE ON allocations
BEGIN
    DELETE FROM unpaid_invoices WHERE invoice_id = old.invoice_id;
    INSERT INTO unpaid_invoices (invoice_id, due_date, open)
    SELECT i.id, i.due_date, i.total - (SELECT coalesce(sum(a.amount), 0) FROM allocations a WHERE a.invoice_id = i.id)
    FROM invoices i
    WHERE i.id = old.invoice_id AND i.void_date IS NULL
      AND i.total > (SELECT coalesce(sum(a.amount), 0) FROM allocations a WHERE a.invoice_id = i.id);
END;

INSERT INTO unpaid_invoices (invoice_id, due_date, open)
SELECT id, due_date, total - paid FROM (
    SELECT i.id, i.due_date, i.total,
        (SELECT coalesce(sum(a.amount), 0) FROM allocations a WHERE a.invoice_id = i.id) AS paid
    FROM invoices i WHERE i.void_date IS NULL)
WHERE total > paid;
