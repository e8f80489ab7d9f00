-- Custom fields (issue 16): an admin adds fields to organizations, people, tickets and contracts
-- (systems already have typed fields per system type). A field keeps its id through renames,
-- reordering and kind changes, so its values stay; removing one that has values archives it.
-- Both tables sync (declared in sync/tables.rs): the team shares its fields and their values.
-- Append-only: never edit this file once it has shipped; add 0025_… instead.

CREATE TABLE custom_fields (
    id              BLOB PRIMARY KEY NOT NULL,
    record_kind     TEXT NOT NULL CHECK (record_kind IN ('organization', 'person', 'ticket', 'contract')),
    position        INTEGER NOT NULL,
    label           TEXT NOT NULL CHECK (trim(label) <> ''),
    kind            TEXT NOT NULL CHECK (kind IN
                        ('text', 'multiline', 'number', 'date', 'yes_no', 'choice', 'url', 'email', 'phone')),
    required        INTEGER NOT NULL DEFAULT 0,
    help            TEXT,
    -- A choice list's options, a JSON array of strings in the order shown ('[]' otherwise).
    choices         TEXT NOT NULL DEFAULT '[]',
    -- A ticket field shown (and required, if so set) in the new-ticket form.
    ask_on_ticket   INTEGER NOT NULL DEFAULT 0,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    archived_at     TEXT
);
CREATE INDEX custom_fields_kind ON custom_fields (record_kind, position);

-- One value of one field on one record (organization, person, ticket or contract: the field
-- says which). A blank value is no row. Values are stored in their canonical form: numbers
-- without grouping, dates as YYYY-MM-DD, yes/no as 'yes' or 'no', a choice as its option.
CREATE TABLE custom_values (
    field_id    BLOB NOT NULL REFERENCES custom_fields (id) ON DELETE CASCADE,
    record_id   BLOB NOT NULL,
    value       TEXT NOT NULL CHECK (value <> ''),
    PRIMARY KEY (field_id, record_id)
) WITHOUT ROWID;
-- The archived organizations and people: a list's count of a value's holders is the values'
-- index count minus the archived holders, without reading every holder's record.
CREATE INDEX organizations_archived ON organizations (id) WHERE archived_at IS NOT NULL;
CREATE INDEX people_archived ON people (id) WHERE archived_at IS NOT NULL;

-- A record's values (its page and form), and a list filtered on a value (choice, yes/no).
CREATE INDEX custom_values_record ON custom_values (record_id);
CREATE INDEX custom_values_value ON custom_values (field_id, value);

-- A field deleted (it had no values here; a team sync may bring its deletion after a value was
-- added on this machine) takes its values with it, foreign keys on or off.
CREATE TRIGGER custom_values_field_gone AFTER DELETE ON custom_fields
BEGIN
    DELETE FROM custom_values WHERE field_id = old.id;
END;

-- A record deleted as a mistake takes its values with it (archiving keeps them).
CREATE TRIGGER custom_values_organization_gone AFTER DELETE ON organizations
BEGIN
    DELETE FROM custom_values WHERE record_id = old.id;
END;
CREATE TRIGGER custom_values_person_gone AFTER DELETE ON people
BEGIN
    DELETE FROM custom_values WHERE record_id = old.id;
END;
CREATE TRIGGER custom_values_ticket_gone AFTER DELETE ON tickets
BEGIN
    DELETE FROM custom_values WHERE record_id = old.id;
END;
CREATE TRIGGER custom_values_contract_gone AFTER DELETE ON contracts
BEGIN
    DELETE FROM custom_values WHERE record_id = old.id;
END;

-- Search finds records by their custom text values (text, multi-line, choice, web address, email,
-- phone; not numbers, dates or yes/no). They end an organization's or person's search document,
-- after a char(31) (a separator to the tokenizer): 0007's triggers are re-created with them, and a
-- value's change rewrites that tail alone. Named search_… so a rebuild sets them aside like the
-- others (search.rs writes the same documents).

DROP TRIGGER search_org_ai;
CREATE TRIGGER search_org_ai AFTER INSERT ON organizations BEGIN
    INSERT INTO search_docs (doc, kind, ref_id, archived, title, body, digits)
        SELECT (SELECT coalesce(max(doc), 1099511627776) + 1 FROM search_docs WHERE doc >= 1099511627776 AND doc < 2199023255552), 'organization', o.id, o.archived_at IS NOT NULL, o.name,
            coalesce(o.dba_name, '') || ' ' || coalesce(o.account_number, '') || ' ' || coalesce(o.city, '') || ' ' || coalesce(o.phone, '') || ' ' || coalesce(o.email, '') || ' ' || coalesce(o.website, '')
                || coalesce((SELECT char(31) || group_concat(value, ' ') FROM (SELECT cv.value FROM custom_values cv JOIN custom_fields cf ON cf.id = cv.field_id WHERE cv.record_id = o.id AND cf.archived_at IS NULL AND cf.kind IN ('text', 'multiline', 'choice', 'url', 'email', 'phone') ORDER BY cf.id)), ''),
            o.digits_phone
                || CASE WHEN length(o.digits_phone) >= 5 THEN ' ' || substr(o.digits_phone, 2) ELSE '' END
                || CASE WHEN length(o.digits_phone) >= 6 THEN ' ' || substr(o.digits_phone, 3) ELSE '' END
                || CASE WHEN length(o.digits_phone) >= 7 THEN ' ' || substr(o.digits_phone, 4) ELSE '' END
                || CASE WHEN length(o.digits_phone) >= 8 THEN ' ' || substr(o.digits_phone, 5) ELSE '' END
                || CASE WHEN length(o.digits_phone) >= 9 THEN ' ' || substr(o.digits_phone, 6) ELSE '' END
                || CASE WHEN length(o.digits_phone) >= 10 THEN ' ' || substr(o.digits_phone, 7) ELSE '' END
                || CASE WHEN length(o.digits_phone) >= 11 THEN ' ' || substr(o.digits_phone, 8) ELSE '' END
                || CASE WHEN length(o.digits_phone) >= 12 THEN ' ' || substr(o.digits_phone, 9) ELSE '' END
                || CASE WHEN length(o.digits_phone) >= 13 THEN ' ' || substr(o.digits_phone, 10) ELSE '' END
                || CASE WHEN length(o.digits_phone) >= 14 THEN ' ' || substr(o.digits_phone, 11) ELSE '' END
                || CASE WHEN length(o.digits_phone) >= 15 THEN ' ' || substr(o.digits_phone, 12) ELSE '' END
        FROM (SELECT *, replace(replace(replace(replace(replace(replace(replace(coalesce(phone, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', '') AS digits_phone
            FROM organizations WHERE id = new.id) AS o WHERE true
        ON CONFLICT (kind, ref_id) DO UPDATE SET archived = excluded.archived, title = excluded.title,
            body = excluded.body, digits = excluded.digits;
END;

DROP TRIGGER search_org_au;
CREATE TRIGGER search_org_au AFTER UPDATE ON organizations BEGIN
    INSERT INTO search_docs (doc, kind, ref_id, archived, title, body, digits)
        SELECT (SELECT coalesce(max(doc), 1099511627776) + 1 FROM search_docs WHERE doc >= 1099511627776 AND doc < 2199023255552), 'organization', o.id, o.archived_at IS NOT NULL, o.name,
            coalesce(o.dba_name, '') || ' ' || coalesce(o.account_number, '') || ' ' || coalesce(o.city, '') || ' ' || coalesce(o.phone, '') || ' ' || coalesce(o.email, '') || ' ' || coalesce(o.website, '')
                || coalesce((SELECT char(31) || group_concat(value, ' ') FROM (SELECT cv.value FROM custom_values cv JOIN custom_fields cf ON cf.id = cv.field_id WHERE cv.record_id = o.id AND cf.archived_at IS NULL AND cf.kind IN ('text', 'multiline', 'choice', 'url', 'email', 'phone') ORDER BY cf.id)), ''),
            o.digits_phone
                || CASE WHEN length(o.digits_phone) >= 5 THEN ' ' || substr(o.digits_phone, 2) ELSE '' END
                || CASE WHEN length(o.digits_phone) >= 6 THEN ' ' || substr(o.digits_phone, 3) ELSE '' END
                || CASE WHEN length(o.digits_phone) >= 7 THEN ' ' || substr(o.digits_phone, 4) ELSE '' END
                || CASE WHEN length(o.digits_phone) >= 8 THEN ' ' || substr(o.digits_phone, 5) ELSE '' END
                || CASE WHEN length(o.digits_phone) >= 9 THEN ' ' || substr(o.digits_phone, 6) ELSE '' END
                || CASE WHEN length(o.digits_phone) >= 10 THEN ' ' || substr(o.digits_phone, 7) ELSE '' END
                || CASE WHEN length(o.digits_phone) >= 11 THEN ' ' || substr(o.digits_phone, 8) ELSE '' END
                || CASE WHEN length(o.digits_phone) >= 12 THEN ' ' || substr(o.digits_phone, 9) ELSE '' END
                || CASE WHEN length(o.digits_phone) >= 13 THEN ' ' || substr(o.digits_phone, 10) ELSE '' END
                || CASE WHEN length(o.digits_phone) >= 14 THEN ' ' || substr(o.digits_phone, 11) ELSE '' END
                || CASE WHEN length(o.digits_phone) >= 15 THEN ' ' || substr(o.digits_phone, 12) ELSE '' END
        FROM (SELECT *, replace(replace(replace(replace(replace(replace(replace(coalesce(phone, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', '') AS digits_phone
            FROM organizations WHERE id = new.id) AS o WHERE true
        ON CONFLICT (kind, ref_id) DO UPDATE SET archived = excluded.archived, title = excluded.title,
            body = excluded.body, digits = excluded.digits;
END;

DROP TRIGGER search_person_ai;
CREATE TRIGGER search_person_ai AFTER INSERT ON people BEGIN
    INSERT INTO search_docs (doc, kind, ref_id, archived, title, body, digits)
        SELECT (SELECT coalesce(max(doc), 2199023255552) + 1 FROM search_docs WHERE doc >= 2199023255552 AND doc < 3298534883328), 'person', p.id, p.archived_at IS NOT NULL, trim(coalesce(p.first_name, '') || ' ' || coalesce(p.last_name, '')),
            coalesce(p.email, '') || ' ' || coalesce(p.phone, '') || ' ' || coalesce(p.mobile, '') || ' ' || coalesce(p.job_title, '') || ' ' || coalesce(p.department, '') || ' ' || coalesce(p.company_name, '')
                || coalesce((SELECT char(31) || group_concat(value, ' ') FROM (SELECT cv.value FROM custom_values cv JOIN custom_fields cf ON cf.id = cv.field_id WHERE cv.record_id = p.id AND cf.archived_at IS NULL AND cf.kind IN ('text', 'multiline', 'choice', 'url', 'email', 'phone') ORDER BY cf.id)), ''),
            p.digits_phone
                || CASE WHEN length(p.digits_phone) >= 5 THEN ' ' || substr(p.digits_phone, 2) ELSE '' END
                || CASE WHEN length(p.digits_phone) >= 6 THEN ' ' || substr(p.digits_phone, 3) ELSE '' END
                || CASE WHEN length(p.digits_phone) >= 7 THEN ' ' || substr(p.digits_phone, 4) ELSE '' END
                || CASE WHEN length(p.digits_phone) >= 8 THEN ' ' || substr(p.digits_phone, 5) ELSE '' END
                || CASE WHEN length(p.digits_phone) >= 9 THEN ' ' || substr(p.digits_phone, 6) ELSE '' END
                || CASE WHEN length(p.digits_phone) >= 10 THEN ' ' || substr(p.digits_phone, 7) ELSE '' END
                || CASE WHEN length(p.digits_phone) >= 11 THEN ' ' || substr(p.digits_phone, 8) ELSE '' END
                || CASE WHEN length(p.digits_phone) >= 12 THEN ' ' || substr(p.digits_phone, 9) ELSE '' END
                || CASE WHEN length(p.digits_phone) >= 13 THEN ' ' || substr(p.digits_phone, 10) ELSE '' END
                || CASE WHEN length(p.digits_phone) >= 14 THEN ' ' || substr(p.digits_phone, 11) ELSE '' END
                || CASE WHEN length(p.digits_phone) >= 15 THEN ' ' || substr(p.digits_phone, 12) ELSE '' END
                || ' ' || p.digits_mobile
                || CASE WHEN length(p.digits_mobile) >= 5 THEN ' ' || substr(p.digits_mobile, 2) ELSE '' END
                || CASE WHEN length(p.digits_mobile) >= 6 THEN ' ' || substr(p.digits_mobile, 3) ELSE '' END
                || CASE WHEN length(p.digits_mobile) >= 7 THEN ' ' || substr(p.digits_mobile, 4) ELSE '' END
                || CASE WHEN length(p.digits_mobile) >= 8 THEN ' ' || substr(p.digits_mobile, 5) ELSE '' END
                || CASE WHEN length(p.digits_mobile) >= 9 THEN ' ' || substr(p.digits_mobile, 6) ELSE '' END
                || CASE WHEN length(p.digits_mobile) >= 10 THEN ' ' || substr(p.digits_mobile, 7) ELSE '' END
                || CASE WHEN length(p.digits_mobile) >= 11 THEN ' ' || substr(p.digits_mobile, 8) ELSE '' END
                || CASE WHEN length(p.digits_mobile) >= 12 THEN ' ' || substr(p.digits_mobile, 9) ELSE '' END
                || CASE WHEN length(p.digits_mobile) >= 13 THEN ' ' || substr(p.digits_mobile, 10) ELSE '' END
                || CASE WHEN length(p.digits_mobile) >= 14 THEN ' ' || substr(p.digits_mobile, 11) ELSE '' END
                || CASE WHEN length(p.digits_mobile) >= 15 THEN ' ' || substr(p.digits_mobile, 12) ELSE '' END
        FROM (SELECT *, replace(replace(replace(replace(replace(replace(replace(coalesce(phone, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', '') AS digits_phone,
                replace(replace(replace(replace(replace(replace(replace(coalesce(mobile, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', '') AS digits_mobile
            FROM people WHERE id = new.id) AS p WHERE true
        ON CONFLICT (kind, ref_id) DO UPDATE SET archived = excluded.archived, title = excluded.title,
            body = excluded.body, digits = excluded.digits;
END;

DROP TRIGGER search_person_au;
CREATE TRIGGER search_person_au AFTER UPDATE ON people BEGIN
    INSERT INTO search_docs (doc, kind, ref_id, archived, title, body, digits)
        SELECT (SELECT coalesce(max(doc), 2199023255552) + 1 FROM search_docs WHERE doc >= 2199023255552 AND doc < 3298534883328), 'person', p.id, p.archived_at IS NOT NULL, trim(coalesce(p.first_name, '') || ' ' || coalesce(p.last_name, '')),
            coalesce(p.email, '') || ' ' || coalesce(p.phone, '') || ' ' || coalesce(p.mobile, '') || ' ' || coalesce(p.job_title, '') || ' ' || coalesce(p.department, '') || ' ' || coalesce(p.company_name, '')
                || coalesce((SELECT char(31) || group_concat(value, ' ') FROM (SELECT cv.value FROM custom_values cv JOIN custom_fields cf ON cf.id = cv.field_id WHERE cv.record_id = p.id AND cf.archived_at IS NULL AND cf.kind IN ('text', 'multiline', 'choice', 'url', 'email', 'phone') ORDER BY cf.id)), ''),
            p.digits_phone
                || CASE WHEN length(p.digits_phone) >= 5 THEN ' ' || substr(p.digits_phone, 2) ELSE '' END
                || CASE WHEN length(p.digits_phone) >= 6 THEN ' ' || substr(p.digits_phone, 3) ELSE '' END
                || CASE WHEN length(p.digits_phone) >= 7 THEN ' ' || substr(p.digits_phone, 4) ELSE '' END
                || CASE WHEN length(p.digits_phone) >= 8 THEN ' ' || substr(p.digits_phone, 5) ELSE '' END
                || CASE WHEN length(p.digits_phone) >= 9 THEN ' ' || substr(p.digits_phone, 6) ELSE '' END
                || CASE WHEN length(p.digits_phone) >= 10 THEN ' ' || substr(p.digits_phone, 7) ELSE '' END
                || CASE WHEN length(p.digits_phone) >= 11 THEN ' ' || substr(p.digits_phone, 8) ELSE '' END
                || CASE WHEN length(p.digits_phone) >= 12 THEN ' ' || substr(p.digits_phone, 9) ELSE '' END
                || CASE WHEN length(p.digits_phone) >= 13 THEN ' ' || substr(p.digits_phone, 10) ELSE '' END
                || CASE WHEN length(p.digits_phone) >= 14 THEN ' ' || substr(p.digits_phone, 11) ELSE '' END
                || CASE WHEN length(p.digits_phone) >= 15 THEN ' ' || substr(p.digits_phone, 12) ELSE '' END
                || ' ' || p.digits_mobile
                || CASE WHEN length(p.digits_mobile) >= 5 THEN ' ' || substr(p.digits_mobile, 2) ELSE '' END
                || CASE WHEN length(p.digits_mobile) >= 6 THEN ' ' || substr(p.digits_mobile, 3) ELSE '' END
                || CASE WHEN length(p.digits_mobile) >= 7 THEN ' ' || substr(p.digits_mobile, 4) ELSE '' END
                || CASE WHEN length(p.digits_mobile) >= 8 THEN ' ' || substr(p.digits_mobile, 5) ELSE '' END
                || CASE WHEN length(p.digits_mobile) >= 9 THEN ' ' || substr(p.digits_mobile, 6) ELSE '' END
                || CASE WHEN length(p.digits_mobile) >= 10 THEN ' ' || substr(p.digits_mobile, 7) ELSE '' END
                || CASE WHEN length(p.digits_mobile) >= 11 THEN ' ' || substr(p.digits_mobile, 8) ELSE '' END
                || CASE WHEN length(p.digits_mobile) >= 12 THEN ' ' || substr(p.digits_mobile, 9) ELSE '' END
                || CASE WHEN length(p.digits_mobile) >= 13 THEN ' ' || substr(p.digits_mobile, 10) ELSE '' END
                || CASE WHEN length(p.digits_mobile) >= 14 THEN ' ' || substr(p.digits_mobile, 11) ELSE '' END
                || CASE WHEN length(p.digits_mobile) >= 15 THEN ' ' || substr(p.digits_mobile, 12) ELSE '' END
        FROM (SELECT *, replace(replace(replace(replace(replace(replace(replace(coalesce(phone, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', '') AS digits_phone,
                replace(replace(replace(replace(replace(replace(replace(coalesce(mobile, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', '') AS digits_mobile
            FROM people WHERE id = new.id) AS p WHERE true
        ON CONFLICT (kind, ref_id) DO UPDATE SET archived = excluded.archived, title = excluded.title,
            body = excluded.body, digits = excluded.digits;
END;

CREATE TRIGGER search_custom_value_ai AFTER INSERT ON custom_values BEGIN
    UPDATE search_docs SET body = substr(body, 1, instr(body || char(31), char(31)) - 1) || coalesce((SELECT char(31) || group_concat(value, ' ') FROM (SELECT cv.value FROM custom_values cv JOIN custom_fields cf ON cf.id = cv.field_id WHERE cv.record_id = new.record_id AND cf.archived_at IS NULL AND cf.kind IN ('text', 'multiline', 'choice', 'url', 'email', 'phone') ORDER BY cf.id)), '')
    WHERE kind IN ('organization', 'person') AND ref_id = new.record_id;
END;

CREATE TRIGGER search_custom_value_au AFTER UPDATE ON custom_values BEGIN
    UPDATE search_docs SET body = substr(body, 1, instr(body || char(31), char(31)) - 1) || coalesce((SELECT char(31) || group_concat(value, ' ') FROM (SELECT cv.value FROM custom_values cv JOIN custom_fields cf ON cf.id = cv.field_id WHERE cv.record_id = new.record_id AND cf.archived_at IS NULL AND cf.kind IN ('text', 'multiline', 'choice', 'url', 'email', 'phone') ORDER BY cf.id)), '')
    WHERE kind IN ('organization', 'person') AND ref_id = new.record_id;
END;

CREATE TRIGGER search_custom_value_ad AFTER DELETE ON custom_values BEGIN
    UPDATE search_docs SET body = substr(body, 1, instr(body || char(31), char(31)) - 1) || coalesce((SELECT char(31) || group_concat(value, ' ') FROM (SELECT cv.value FROM custom_values cv JOIN custom_fields cf ON cf.id = cv.field_id WHERE cv.record_id = old.record_id AND cf.archived_at IS NULL AND cf.kind IN ('text', 'multiline', 'choice', 'url', 'email', 'phone') ORDER BY cf.id)), '')
    WHERE kind IN ('organization', 'person') AND ref_id = old.record_id;
END;

-- A field archived, restored or changed to another kind: its records' documents are rewritten.
CREATE TRIGGER search_custom_field_au AFTER UPDATE OF archived_at, kind ON custom_fields
    WHEN old.kind IS NOT new.kind OR old.archived_at IS NOT new.archived_at
BEGIN
    UPDATE search_docs SET body = substr(body, 1, instr(body || char(31), char(31)) - 1) || coalesce((SELECT char(31) || group_concat(value, ' ') FROM (SELECT cv.value FROM custom_values cv JOIN custom_fields cf ON cf.id = cv.field_id WHERE cv.record_id = search_docs.ref_id AND cf.archived_at IS NULL AND cf.kind IN ('text', 'multiline', 'choice', 'url', 'email', 'phone') ORDER BY cf.id)), '')
    WHERE kind = new.record_kind AND ref_id IN (SELECT record_id FROM custom_values WHERE field_id = new.id);
END;

-- A field that arrives (by a team sync) after values of it: their records' documents take them.
CREATE TRIGGER search_custom_field_ai AFTER INSERT ON custom_fields
BEGIN
    UPDATE search_docs SET body = substr(body, 1, instr(body || char(31), char(31)) - 1) || coalesce((SELECT char(31) || group_concat(value, ' ') FROM (SELECT cv.value FROM custom_values cv JOIN custom_fields cf ON cf.id = cv.field_id WHERE cv.record_id = search_docs.ref_id AND cf.archived_at IS NULL AND cf.kind IN ('text', 'multiline', 'choice', 'url', 'email', 'phone') ORDER BY cf.id)), '')
    WHERE kind = new.record_kind AND ref_id IN (SELECT record_id FROM custom_values WHERE field_id = new.id);
END;

