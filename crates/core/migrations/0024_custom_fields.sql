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
    field_id    BLOB NOT NULL REFERENCES custom_fields (id),
    record_id   BLOB NOT NULL,
    value       TEXT NOT NULL CHECK (value <> ''),
    PRIMARY KEY (field_id, record_id)
) WITHOUT ROWID;
-- A record's values (its page and form), and a list filtered on a value (choice, yes/no).
CREATE INDEX custom_values_record ON custom_values (record_id);
CREATE INDEX custom_values_value ON custom_values (field_id, value);

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
