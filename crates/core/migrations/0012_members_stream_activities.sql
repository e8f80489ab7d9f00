-- Who looks after each customer (staff members of organizations), contacts across
-- organizations, the activity stream (posts, comments, what happened) and planned activities.
-- Every table here syncs. Append-only: never edit this file once it has shipped.

-- Editable lists: the roles of members and of contacts, and the types of activities. The
-- defaults have fixed ids so that every machine seeds the same rows (a later sync must not
-- duplicate them).
CREATE TABLE choices (
    id          BLOB PRIMARY KEY NOT NULL,
    list        TEXT NOT NULL CHECK (list IN ('member_role', 'contact_role', 'activity_type')),
    name        TEXT NOT NULL CHECK (trim(name) <> ''),
    position    INTEGER NOT NULL DEFAULT 0,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE UNIQUE INDEX choices_name ON choices (list, lower(trim(name)));
INSERT INTO choices (id, list, name, position, created_at, updated_at) VALUES
    (X'019ad000000070008000000000000001', 'member_role', 'Account manager', 1, '2026-11-30T00:00:00Z', '2026-11-30T00:00:00Z'),
    (X'019ad000000070008000000000000002', 'member_role', 'Technician', 2, '2026-11-30T00:00:00Z', '2026-11-30T00:00:00Z'),
    (X'019ad000000070008000000000000003', 'member_role', 'Sales', 3, '2026-11-30T00:00:00Z', '2026-11-30T00:00:00Z'),
    (X'019ad000000070008000000000000011', 'contact_role', 'Billing contact', 1, '2026-11-30T00:00:00Z', '2026-11-30T00:00:00Z'),
    (X'019ad000000070008000000000000012', 'contact_role', 'Accountant', 2, '2026-11-30T00:00:00Z', '2026-11-30T00:00:00Z'),
    (X'019ad000000070008000000000000013', 'contact_role', 'IT contact', 3, '2026-11-30T00:00:00Z', '2026-11-30T00:00:00Z'),
    (X'019ad000000070008000000000000014', 'contact_role', 'Decision maker', 4, '2026-11-30T00:00:00Z', '2026-11-30T00:00:00Z'),
    (X'019ad000000070008000000000000021', 'activity_type', 'Review', 1, '2026-11-30T00:00:00Z', '2026-11-30T00:00:00Z'),
    (X'019ad000000070008000000000000022', 'activity_type', 'Visit', 2, '2026-11-30T00:00:00Z', '2026-11-30T00:00:00Z'),
    (X'019ad000000070008000000000000023', 'activity_type', 'Call', 3, '2026-11-30T00:00:00Z', '2026-11-30T00:00:00Z'),
    (X'019ad000000070008000000000000024', 'activity_type', 'Meeting', 4, '2026-11-30T00:00:00Z', '2026-11-30T00:00:00Z'),
    (X'019ad000000070008000000000000025', 'activity_type', 'Task', 5, '2026-11-30T00:00:00Z', '2026-11-30T00:00:00Z');

-- Staff who look after an organization, with a role. A site without members of its own
-- inherits its parent's (members.rs).
CREATE TABLE organization_members (
    id              BLOB PRIMARY KEY NOT NULL,
    organization_id BLOB NOT NULL REFERENCES organizations (id),
    staff_id        BLOB NOT NULL REFERENCES staff (id),
    role_id         BLOB NOT NULL REFERENCES choices (id),
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);
CREATE UNIQUE INDEX organization_members_unique ON organization_members (organization_id, staff_id, role_id);
CREATE INDEX organization_members_staff ON organization_members (staff_id, organization_id);
CREATE INDEX organization_members_role ON organization_members (role_id);

-- A person who is a contact of an organization other than their own (an outside accountant).
CREATE TABLE organization_contacts (
    id              BLOB PRIMARY KEY NOT NULL,
    organization_id BLOB NOT NULL REFERENCES organizations (id),
    person_id       BLOB NOT NULL REFERENCES people (id),
    role_id         BLOB NOT NULL REFERENCES choices (id),
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);
CREATE UNIQUE INDEX organization_contacts_unique ON organization_contacts (organization_id, person_id, role_id);
CREATE INDEX organization_contacts_person ON organization_contacts (person_id);
CREATE INDEX organization_contacts_role ON organization_contacts (role_id);

-- The activity stream: posts by staff and entries for what happened. An entry belongs to an
-- organization, a person, or both (an email is in the person's stream and their
-- organization's). The id is a UUIDv7: newest first is id order, and pages are keyset.
CREATE TABLE stream_entries (
    id              BLOB PRIMARY KEY NOT NULL,
    organization_id BLOB REFERENCES organizations (id),
    person_id       BLOB REFERENCES people (id),
    -- post | note | file | system | secret | link | ticket | invoice | payment | import |
    -- activity | email | merge (stream.rs: StreamKind)
    kind            TEXT NOT NULL,
    actor_id        BLOB REFERENCES staff (id),
    -- a post's text, or the line that says what happened (never a secret value)
    body            TEXT NOT NULL,
    -- what it is about (a note, a ticket, an invoice, …), for opening it
    ref_id          BLOB,
    at              TEXT NOT NULL,
    edited_at       TEXT,
    CHECK (organization_id IS NOT NULL OR person_id IS NOT NULL)
);
CREATE INDEX stream_organization ON stream_entries (organization_id, id) WHERE organization_id IS NOT NULL;
CREATE INDEX stream_person ON stream_entries (person_id, id) WHERE person_id IS NOT NULL;
CREATE INDEX stream_actor ON stream_entries (actor_id) WHERE actor_id IS NOT NULL;

CREATE TABLE stream_comments (
    id          BLOB PRIMARY KEY NOT NULL,
    entry_id    BLOB NOT NULL REFERENCES stream_entries (id),
    actor_id    BLOB REFERENCES staff (id),
    body        TEXT NOT NULL CHECK (trim(body) <> ''),
    at          TEXT NOT NULL
);
CREATE INDEX stream_comments_entry ON stream_comments (entry_id, id);
CREATE INDEX stream_comments_actor ON stream_comments (actor_id) WHERE actor_id IS NOT NULL;

-- Planned work on an organization or a person.
CREATE TABLE activities (
    id              BLOB PRIMARY KEY NOT NULL,
    organization_id BLOB REFERENCES organizations (id),
    person_id       BLOB REFERENCES people (id),
    type_id         BLOB NOT NULL REFERENCES choices (id),
    subject         TEXT NOT NULL CHECK (trim(subject) <> ''),
    -- local date and time "YYYY-MM-DDTHH:MM", like call-backs
    due_at          TEXT NOT NULL,
    assignee_id     BLOB REFERENCES staff (id),
    status          TEXT NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'done', 'cancelled')),
    outcome         TEXT,
    created_by      BLOB REFERENCES staff (id),
    closed_at       TEXT,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    CHECK ((organization_id IS NULL) <> (person_id IS NULL))
);
CREATE INDEX activities_planned_assignee ON activities (assignee_id, due_at) WHERE status = 'planned';
CREATE INDEX activities_planned ON activities (due_at) WHERE status = 'planned';
CREATE INDEX activities_organization ON activities (organization_id) WHERE organization_id IS NOT NULL;
CREATE INDEX activities_person ON activities (person_id) WHERE person_id IS NOT NULL;
CREATE INDEX activities_type ON activities (type_id);
CREATE INDEX activities_created_by ON activities (created_by) WHERE created_by IS NOT NULL;
-- My agenda's call-backs: the open ones a member wrote, in due order.
CREATE INDEX notes_open_callbacks_author ON notes (author_id, callback_at)
    WHERE callback_at IS NOT NULL AND callback_done_at IS NULL;
