-- Service contracts and SLAs (issue "Service contracts, SLAs and a ticket desk"). A contract belongs to an
-- organization (its sites inherit it unless they have their own), optionally to one of its people;
-- it covers systems of the organization and its sites, and free-text items. The tables sync
-- (declared in sync/tables.rs). Rules that span two columns (the end after the start, a covered
-- system of the same customer) are checked by the core, not by CHECKs: a team server merges
-- fields one by one, and a merged row must still apply.
-- Append-only: never edit this file once it has shipped; add 0019_… instead.

CREATE TABLE contracts (
    id              BLOB PRIMARY KEY NOT NULL,
    organization_id BLOB NOT NULL REFERENCES organizations (id),
    -- a contract with one person of the organization (NULL: the whole organization)
    person_id       BLOB REFERENCES people (id),
    name            TEXT NOT NULL CHECK (trim(name) <> ''),
    kind            TEXT NOT NULL
                    CHECK (kind IN ('managed_service', 'support', 'warranty', 'prepaid_hours', 'other')),
    starts_on       TEXT NOT NULL,
    -- NULL: open-ended
    ends_on         TEXT,
    -- none: ends; automatic: renews for the same term unless cancelled; notice: renews only when
    -- the customer gives notice
    renewal         TEXT NOT NULL CHECK (renewal IN ('none', 'automatic', 'notice')),
    -- days before the end by which to cancel (automatic) or renew (notice)
    notice_days     INTEGER CHECK (notice_days BETWEEN 0 AND 3650),
    -- minor units per billing cycle
    value           INTEGER CHECK (value >= 0),
    billing_cycle   TEXT CHECK (billing_cycle IN ('monthly', 'quarterly', 'yearly', 'once')),
    notes           TEXT,
    created_by      BLOB REFERENCES staff (id),
    archived_at     TEXT,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);
CREATE INDEX contracts_organization ON contracts (organization_id);
CREATE INDEX contracts_person ON contracts (person_id) WHERE person_id IS NOT NULL;
CREATE INDEX contracts_ends ON contracts (ends_on) WHERE archived_at IS NULL;

-- What a contract covers: a system (of the organization or one of its sites) or a free-text item.
CREATE TABLE contract_items (
    id          BLOB PRIMARY KEY NOT NULL,
    contract_id BLOB NOT NULL REFERENCES contracts (id) ON DELETE CASCADE,
    system_id   BLOB REFERENCES systems (id) ON DELETE CASCADE,
    description TEXT,
    position    INTEGER NOT NULL DEFAULT 0,
    created_at  TEXT NOT NULL,
    CHECK (system_id IS NOT NULL OR trim(coalesce(description, '')) <> '')
);
CREATE INDEX contract_items_contract ON contract_items (contract_id, position);
CREATE INDEX contract_items_system ON contract_items (system_id) WHERE system_id IS NOT NULL;

-- Service level agreements, defined by an admin: business hours in a time zone, holidays, and
-- first-response and resolution targets per ticket priority (JSON, checked by the core: hours.rs,
-- slas.rs). Synced. Names are kept apart by the core (no UNIQUE: a team server merges rows).
CREATE TABLE slas (
    id          BLOB PRIMARY KEY NOT NULL,
    name        TEXT NOT NULL CHECK (trim(name) <> ''),
    time_zone   TEXT NOT NULL,
    -- [{"weekday": 1..7, "open": minutes, "close": minutes}]
    hours       TEXT NOT NULL,
    -- ["YYYY-MM-DD", …]
    holidays    TEXT NOT NULL DEFAULT '[]',
    -- [{"priority": "urgent", "response_minutes": 60, "resolution_minutes": 240}, …]
    targets     TEXT NOT NULL DEFAULT '[]',
    archived_at TEXT,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);

-- An organization's SLA (its sites inherit it unless they have their own); a person's overrides.
ALTER TABLE organizations ADD COLUMN sla_id BLOB REFERENCES slas (id);
ALTER TABLE people ADD COLUMN sla_id BLOB REFERENCES slas (id);
-- News shown when a ticket they ask for is logged or closed, with the organization's.
ALTER TABLE people ADD COLUMN news TEXT;
ALTER TABLE people ADD COLUMN closure_news TEXT;

-- What logging a ticket warned about (an expired contract, …), kept on the ticket: one line each.
ALTER TABLE tickets ADD COLUMN alerts TEXT;
-- Priority, the SLA it was logged under and its due times (instants, computed in business hours
-- when it was logged), when it was first answered, and whether the SLA was met, recorded at closing.
ALTER TABLE tickets ADD COLUMN priority TEXT NOT NULL DEFAULT 'normal'
    CHECK (priority IN ('low', 'normal', 'high', 'urgent'));
ALTER TABLE tickets ADD COLUMN sla_id BLOB REFERENCES slas (id);
ALTER TABLE tickets ADD COLUMN response_due_at TEXT;
ALTER TABLE tickets ADD COLUMN resolution_due_at TEXT;
ALTER TABLE tickets ADD COLUMN first_response_at TEXT;
ALTER TABLE tickets ADD COLUMN sla_result TEXT CHECK (sla_result IN ('met', 'breached'));
-- Who works on it (a staff member).
ALTER TABLE tickets ADD COLUMN assignee_id BLOB REFERENCES staff (id);
-- The system it is about (at the organization or one of its sites).
ALTER TABLE tickets ADD COLUMN system_id BLOB REFERENCES systems (id);
-- The requester's department, location, phone and email as they were when the ticket was logged
-- (copied from the person when chosen; editable on the ticket).
ALTER TABLE tickets ADD COLUMN requester_department TEXT;
ALTER TABLE tickets ADD COLUMN requester_location TEXT;
ALTER TABLE tickets ADD COLUMN requester_phone TEXT;
ALTER TABLE tickets ADD COLUMN requester_email TEXT;

-- The Tickets view across all organizations: by status and due time, by assignee, by priority.
CREATE INDEX tickets_desk ON tickets (status, resolution_due_at);
CREATE INDEX tickets_assignee ON tickets (assignee_id, status) WHERE assignee_id IS NOT NULL;
CREATE INDEX tickets_priority ON tickets (priority, status);
