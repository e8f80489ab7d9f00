-- The Tickets view at half a million tickets (issue "Service contracts, SLAs and a ticket desk",
-- benchmark): each status filter walks an index in the order it shows, so its first page reads
-- about as many rows as it shows. Tickets not closed come by the due time that matters now (the
-- first response's until answered, then the resolution's; none last), newest first among equals;
-- closed ones by when they were closed, the latest first. The desk's SQL (service/tickets.rs)
-- repeats these expressions word for word, which is what lets SQLite use them.
-- And a trigram index of the subjects, so a few letters typed (Ctrl+K, the desk's search over
-- closed tickets too) find tickets without reading them all. Its triggers are named search_… so a download in bulk sets
-- them aside with the search index's, and search::rebuild_index rebuilds it.
-- Append-only: never edit this file once it has shipped; add 0023_… instead.

DROP INDEX tickets_desk;

-- Those not closed (a few per cent of all): everything the view filters them on is in the index,
-- so a page and a count read the index alone.
CREATE INDEX tickets_desk_open ON tickets (
    coalesce(CASE WHEN first_response_at IS NULL THEN response_due_at END, resolution_due_at) IS NULL,
    coalesce(CASE WHEN first_response_at IS NULL THEN response_due_at END, resolution_due_at),
    number DESC,
    status, priority, assignee_id, requester_id, organization_id, sla_result,
    first_response_at, response_due_at, resolution_due_at, subject
) WHERE status <> 'closed';

-- Closed with the SLA breached: the "SLA breached" filter over every status.
CREATE INDEX tickets_breached ON tickets (status) WHERE sla_result = 'breached';

CREATE INDEX tickets_desk_closed ON tickets (closed_at DESC, number DESC) WHERE status = 'closed';

-- All of them (with the subject: a word in many subjects is found by walking this alone).
CREATE INDEX tickets_desk_all ON tickets (
    status = 'closed',
    CASE WHEN status <> 'closed'
        THEN coalesce(CASE WHEN first_response_at IS NULL THEN response_due_at END, resolution_due_at) END IS NULL,
    CASE WHEN status <> 'closed'
        THEN coalesce(CASE WHEN first_response_at IS NULL THEN response_due_at END, resolution_due_at) END,
    CASE WHEN status = 'closed' THEN closed_at END DESC,
    number DESC,
    subject
);

CREATE VIRTUAL TABLE tickets_fts USING fts5 (
    subject, content = 'tickets', content_rowid = 'rowid', tokenize = 'trigram'
);
INSERT INTO tickets_fts (tickets_fts) VALUES ('rebuild');

CREATE TRIGGER search_tickets_insert AFTER INSERT ON tickets BEGIN
    INSERT INTO tickets_fts (rowid, subject) VALUES (new.rowid, new.subject);
END;
CREATE TRIGGER search_tickets_delete AFTER DELETE ON tickets BEGIN
    INSERT INTO tickets_fts (tickets_fts, rowid, subject) VALUES ('delete', old.rowid, old.subject);
END;
CREATE TRIGGER search_tickets_subject AFTER UPDATE OF subject ON tickets BEGIN
    INSERT INTO tickets_fts (tickets_fts, rowid, subject) VALUES ('delete', old.rowid, old.subject);
    INSERT INTO tickets_fts (rowid, subject) VALUES (new.rowid, new.subject);
END;
