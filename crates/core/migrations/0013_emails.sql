-- The email log: .eml files recorded on a person (and, through them, their organization), with
-- the files that came with them kept as attachments. Syncs.
-- Append-only: never edit this file once it has shipped.

CREATE TABLE emails (
    id              BLOB PRIMARY KEY NOT NULL,
    person_id       BLOB NOT NULL REFERENCES people (id),
    -- the person's organization when the email was recorded
    organization_id BLOB REFERENCES organizations (id),
    message_id      TEXT,
    from_name       TEXT,
    from_address    TEXT,
    -- JSON arrays of {"name", "address"}
    to_list         TEXT NOT NULL,
    cc_list         TEXT NOT NULL,
    -- when it was sent (UTC), as the message says
    sent_at         TEXT,
    subject         TEXT,
    -- plain text (an HTML-only message's HTML turned into text)
    body            TEXT NOT NULL,
    body_was_html   INTEGER NOT NULL DEFAULT 0,
    -- the .eml file's name, metadata only
    file_name       TEXT,
    recorded_by     BLOB REFERENCES staff (id),
    created_at      TEXT NOT NULL
);
-- The same message recorded twice on one person is recognised by its Message-ID.
CREATE UNIQUE INDEX emails_message ON emails (person_id, message_id) WHERE message_id IS NOT NULL;
CREATE INDEX emails_person ON emails (person_id, id);
CREATE INDEX emails_organization ON emails (organization_id) WHERE organization_id IS NOT NULL;
CREATE INDEX emails_recorded_by ON emails (recorded_by) WHERE recorded_by IS NOT NULL;

ALTER TABLE attachments ADD COLUMN email_id BLOB REFERENCES emails (id);
CREATE INDEX attachments_email ON attachments (email_id) WHERE email_id IS NOT NULL;
