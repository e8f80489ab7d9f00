-- Staff: the company's own people. Every actor that was the Settings name becomes a staff member
-- (the *_id / *_by columns below); the old text columns stay as they were, so rows written before
-- staff existed still show who wrote them. Creating a staff member links the rows whose text
-- names them (staff.rs, link_names). Syncs (a team shares one staff list).
-- Append-only: never edit this file once it has shipped; add 0012_… instead.

CREATE TABLE staff (
    id          BLOB PRIMARY KEY NOT NULL,
    name        TEXT NOT NULL CHECK (trim(name) <> ''),
    email       TEXT,
    phone       TEXT,
    role        TEXT NOT NULL CHECK (role IN ('admin', 'office', 'technician')),
    active      INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
-- Picking "who am I" is by name: two active or inactive members may not share one.
CREATE UNIQUE INDEX staff_name ON staff (lower(trim(name)));

ALTER TABLE notes ADD COLUMN author_id BLOB REFERENCES staff (id);
ALTER TABLE secret_audit ADD COLUMN actor_id BLOB REFERENCES staff (id);
ALTER TABLE imports ADD COLUMN actor_id BLOB REFERENCES staff (id);
ALTER TABLE invoices ADD COLUMN issued_by BLOB REFERENCES staff (id);
ALTER TABLE invoices ADD COLUMN voided_by BLOB REFERENCES staff (id);
ALTER TABLE payments ADD COLUMN recorded_by BLOB REFERENCES staff (id);

-- A member anything points at is deactivated, never deleted (the foreign keys refuse it; staff.rs
-- says so first): these keep that check from scanning whole tables.
CREATE INDEX notes_author ON notes (author_id) WHERE author_id IS NOT NULL;
CREATE INDEX secret_audit_actor ON secret_audit (actor_id) WHERE actor_id IS NOT NULL;
CREATE INDEX imports_actor ON imports (actor_id) WHERE actor_id IS NOT NULL;
CREATE INDEX invoices_issued_by ON invoices (issued_by) WHERE issued_by IS NOT NULL;
CREATE INDEX invoices_voided_by ON invoices (voided_by) WHERE voided_by IS NOT NULL;
CREATE INDEX payments_recorded_by ON payments (recorded_by) WHERE recorded_by IS NOT NULL;
