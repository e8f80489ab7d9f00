-- Duplicates and merging (issue "Duplicates"): the merged-away record is kept, marked merged and
-- archived (undo stays simple and nothing is purged: sync wants soft deletes); the journal that
-- lets a merge be undone; the pairs the user said are not duplicates; the indexes that find
-- duplicates in one pass over an index; merged records kept out of search; and the one change
-- to an issued invoice a merge needs (its organization, when that organization is merged).
-- Append-only: never edit this file once it has shipped; add 0015_… instead.

-- Set on the merged-away record only, always together with archived_at; the lists, search and
-- the importers leave such records out. Never moved by a later merge: it is history ("B was
-- merged into A"), followed from record to record.
ALTER TABLE organizations ADD COLUMN merged_into BLOB REFERENCES organizations (id);
ALTER TABLE people ADD COLUMN merged_into BLOB REFERENCES people (id);

-- One merge of two organizations or two people. No foreign keys to the records: a merge
-- discovers every column that references organizations or people and moves it, and this
-- journal must not be among them (like secret_audit, it outlives what it describes).
CREATE TABLE merges (
    id              BLOB PRIMARY KEY NOT NULL,
    kind            TEXT NOT NULL CHECK (kind IN ('organization', 'person')),
    kept_id         BLOB NOT NULL,
    merged_id       BLOB NOT NULL,
    -- the names at the time, for the history
    kept_name       TEXT NOT NULL,
    merged_name     TEXT NOT NULL,
    -- who merged (a staff member)
    actor_id        BLOB REFERENCES staff (id),
    -- also the updated_at of every row the merge changed: undo checks nothing changed since
    merged_at       TEXT NOT NULL,
    -- JSON: the fields taken from the merged-away record
    fields          TEXT NOT NULL,
    -- JSON: both records' whole rows before and after the merge (column → typed value); undo
    -- writes the before-images back and refuses when a record no longer matches its after-image
    kept_before     TEXT NOT NULL,
    kept_after      TEXT NOT NULL,
    merged_before   TEXT NOT NULL,
    merged_after    TEXT NOT NULL,
    undone_at       TEXT,
    undone_by       BLOB REFERENCES staff (id)
);
CREATE INDEX merges_kept ON merges (kept_id);
CREATE INDEX merges_merged ON merges (merged_id);
CREATE INDEX merges_at ON merges (merged_at);
CREATE INDEX merges_actor ON merges (actor_id) WHERE actor_id IS NOT NULL;
CREATE INDEX merges_undone_by ON merges (undone_by) WHERE undone_by IS NOT NULL;

-- Every row a merge changed besides the two records: moved (its column now points at the kept
-- record; `row_key` finds it, `before` is its updated_at before, when its table has one) or
-- deleted because the kept record already had the same row (a unique index forbade two; `before`
-- is the whole row, so undo puts it back).
CREATE TABLE merge_rows (
    merge_id        BLOB NOT NULL REFERENCES merges (id) ON DELETE CASCADE,
    seq             INTEGER NOT NULL,
    action          TEXT NOT NULL CHECK (action IN ('moved', 'deleted')),
    table_name      TEXT NOT NULL,
    column_name     TEXT NOT NULL,
    -- JSON: the row's primary key as it was before the merge (its rowid when it has none)
    row_key         TEXT NOT NULL,
    before          TEXT,
    PRIMARY KEY (merge_id, seq)
) WITHOUT ROWID;

-- Pairs the user marked "not a duplicate"; the review list leaves them out. Ids in order
-- (first < second) so a pair is stored once. No foreign keys, for the same reason as merges.
CREATE TABLE duplicate_dismissals (
    kind            TEXT NOT NULL CHECK (kind IN ('organization', 'person')),
    first_id        BLOB NOT NULL,
    second_id       BLOB NOT NULL,
    actor_id        BLOB REFERENCES staff (id),
    dismissed_at    TEXT NOT NULL,
    PRIMARY KEY (kind, first_id, second_id),
    CHECK (first_id < second_id)
) WITHOUT ROWID;
CREATE INDEX duplicate_dismissals_second ON duplicate_dismissals (kind, second_id);
CREATE INDEX duplicate_dismissals_actor ON duplicate_dismissals (actor_id) WHERE actor_id IS NOT NULL;

-- The duplicate keys of active records, as partial indexes: finding the groups is one walk of
-- an index (a GROUP BY in index order), never a self-join. Each index also holds the columns its
-- key is computed from and archived_at, so the walk never reads the table: on the demo set of
-- 100,000 organizations and 300,000 people that is 55 ms instead of 620 ms for people's names.
-- The expressions are repeated in duplicates.rs, or SQLite would not use them. Phone digits drop
-- the same separators as the search documents' digits (0003).
CREATE INDEX organizations_dup_name ON organizations (name_key, parent_id, archived_at)
    WHERE archived_at IS NULL;
CREATE INDEX organizations_dup_email ON organizations (lower(email), email, archived_at)
    WHERE archived_at IS NULL AND email IS NOT NULL;
CREATE INDEX organizations_dup_phone ON organizations (
    replace(replace(replace(replace(replace(replace(replace(phone, ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', ''),
    phone, archived_at)
    WHERE archived_at IS NULL AND phone IS NOT NULL;
CREATE INDEX organizations_dup_account ON organizations (
    lower(replace(replace(replace(replace(account_number, ' ', ''), '-', ''), '.', ''), '/', '')),
    account_number, archived_at)
    WHERE archived_at IS NULL AND account_number IS NOT NULL;
CREATE INDEX people_dup_name ON people (
    lower(trim(coalesce(first_name, '') || ' ' || coalesce(last_name, ''))), organization_id,
    first_name, last_name, archived_at)
    WHERE archived_at IS NULL;
CREATE INDEX people_dup_email ON people (lower(email), email, archived_at)
    WHERE archived_at IS NULL AND email IS NOT NULL;
-- A person's phone and mobile are matched against each other too (counted by id).
CREATE INDEX people_dup_phone ON people (
    replace(replace(replace(replace(replace(replace(replace(phone, ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', ''),
    id, phone, archived_at)
    WHERE archived_at IS NULL AND phone IS NOT NULL;
CREATE INDEX people_dup_mobile ON people (
    replace(replace(replace(replace(replace(replace(replace(mobile, ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', ''),
    id, mobile, archived_at)
    WHERE archived_at IS NULL AND mobile IS NOT NULL;

-- What a person merge moves, found without reading every organization and ticket.
CREATE INDEX organizations_billing_contact ON organizations (billing_contact_id)
    WHERE billing_contact_id IS NOT NULL;
CREATE INDEX tickets_requester ON tickets (requester_id) WHERE requester_id IS NOT NULL;

-- A merged record is not found by search, archived or not. The merge sets merged_into, which
-- drops its document; and no trigger may write it back while it is merged (an edit, a trigger
-- of a later migration): its insert or upsert is skipped. This works whichever of these and
-- 0007's search_*_au triggers runs first. Undo clears merged_into, and 0007's triggers write the
-- document again.
CREATE TRIGGER search_docs_not_merged BEFORE INSERT ON search_docs
    WHEN (new.kind = 'organization' AND (SELECT merged_into FROM organizations WHERE id = new.ref_id) IS NOT NULL)
        OR (new.kind = 'person' AND (SELECT merged_into FROM people WHERE id = new.ref_id) IS NOT NULL)
BEGIN
    SELECT RAISE(IGNORE);
END;
CREATE TRIGGER search_org_merged AFTER UPDATE OF merged_into ON organizations WHEN new.merged_into IS NOT NULL
BEGIN
    DELETE FROM search_docs WHERE kind = 'organization' AND ref_id = new.id;
END;
CREATE TRIGGER search_person_merged AFTER UPDATE OF merged_into ON people WHEN new.merged_into IS NOT NULL
BEGIN
    DELETE FROM search_docs WHERE kind = 'person' AND ref_id = new.id;
END;

-- An issued invoice still never changes, but for one thing: a merge moves it from the
-- merged-away organization to the kept one (its bill-to is now that organization), and undo
-- moves it back. Nothing else about it may differ, and only between a merged organization
-- and the one it was merged into.
DROP TRIGGER invoices_immutable;
CREATE TRIGGER invoices_immutable BEFORE UPDATE OF id, number, organization_id, issue_date, due_date,
    period_from, period_to, currency, subtotal, tax_rate_bp, tax, total ON invoices
    WHEN NOT (
        new.id IS old.id AND new.number IS old.number AND new.issue_date IS old.issue_date
        AND new.due_date IS old.due_date AND new.period_from IS old.period_from
        AND new.period_to IS old.period_to AND new.currency IS old.currency
        AND new.subtotal IS old.subtotal AND new.tax_rate_bp IS old.tax_rate_bp
        AND new.tax IS old.tax AND new.total IS old.total
        AND new.organization_id IS NOT old.organization_id
        AND ((SELECT merged_into FROM organizations WHERE id = old.organization_id) IS new.organization_id
            OR (SELECT merged_into FROM organizations WHERE id = new.organization_id) IS old.organization_id))
BEGIN
    SELECT RAISE(ABORT, 'an issued invoice cannot be changed; void it instead');
END;
