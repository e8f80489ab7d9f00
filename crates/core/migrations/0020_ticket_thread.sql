-- A ticket's thread (issue "Service contracts, SLAs and a ticket desk", item 5): updates written
-- by staff — internal notes and replies to the customer, each with the time spent (a time entry
-- of the ticket) — and its history, written by the core: status changes, reassignments, a new
-- priority, requester, system or subject. Rows never change but for a deleted time entry's link.
-- Synced (declared in sync/tables.rs).
-- Append-only: never edit this file once it has shipped; add 0021_… instead.

CREATE TABLE ticket_updates (
    id            BLOB PRIMARY KEY NOT NULL,
    ticket_id     BLOB NOT NULL REFERENCES tickets (id),
    kind          TEXT NOT NULL CHECK (kind IN ('note', 'reply', 'change')),
    body          TEXT NOT NULL CHECK (trim(body) <> ''),
    -- the time spent, logged with the update (cleared when that time is deleted)
    time_entry_id BLOB REFERENCES time_entries (id),
    author_id     BLOB REFERENCES staff (id),
    created_at    TEXT NOT NULL
);
CREATE INDEX ticket_updates_ticket ON ticket_updates (ticket_id, created_at);
CREATE INDEX ticket_updates_time ON ticket_updates (time_entry_id) WHERE time_entry_id IS NOT NULL;
