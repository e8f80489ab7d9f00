-- Full-text search (FTS5) over organizations, people, systems, notes and file names.
-- Append-only: never edit this file once it has shipped; add 0004_… instead.
--
-- search_docs holds one row per searchable record, kept current by the triggers below inside
-- the same transaction as the change; search_fts is an external-content FTS5 index over it,
-- kept current by search_docs' own triggers. Diacritics are folded (unicode61
-- remove_diacritics 2: "Muller" finds "Müller"). Phone numbers are also indexed as digits only,
-- with every suffix of four digits or more, so "1134960000", "0113 496" and "+44 113 496 0000"
-- all find +44 113 496 0000 (the long CASE chains below spell that out; SQLite has no loop).
-- Each kind has its own range of doc ids (organizations from 1 << 40, people from 2 << 40,
-- systems 3 << 40, notes 4 << 40, files 5 << 40), so a search within a kind is a rowid range
-- the FTS5 index seeks to, not an AND with a huge "kind" term.
-- Secrets are never here: their values are not in the database at all.

CREATE TABLE search_docs (
    doc       INTEGER PRIMARY KEY,
    kind      TEXT NOT NULL,
    ref_id    BLOB NOT NULL,
    archived  INTEGER NOT NULL DEFAULT 0,
    title     TEXT NOT NULL,
    body      TEXT NOT NULL,
    digits    TEXT NOT NULL,
    UNIQUE (kind, ref_id)
);

CREATE VIRTUAL TABLE search_fts USING fts5 (
    title, body, digits,
    content = 'search_docs', content_rowid = 'doc',
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2 3'
);

CREATE TRIGGER search_docs_ai AFTER INSERT ON search_docs BEGIN
    INSERT INTO search_fts (rowid, title, body, digits)
    VALUES (new.doc, new.title, new.body, new.digits);
END;
CREATE TRIGGER search_docs_ad AFTER DELETE ON search_docs BEGIN
    INSERT INTO search_fts (search_fts, rowid, title, body, digits)
    VALUES ('delete', old.doc, old.title, old.body, old.digits);
END;
CREATE TRIGGER search_docs_au AFTER UPDATE ON search_docs BEGIN
    INSERT INTO search_fts (search_fts, rowid, title, body, digits)
    VALUES ('delete', old.doc, old.title, old.body, old.digits);
    INSERT INTO search_fts (rowid, title, body, digits)
    VALUES (new.doc, new.title, new.body, new.digits);
END;

-- Organizations
CREATE TRIGGER search_org_ai AFTER INSERT ON organizations BEGIN
    INSERT INTO search_docs (doc, kind, ref_id, archived, title, body, digits)
        SELECT (SELECT coalesce(max(doc), 1099511627776) + 1 FROM search_docs WHERE doc >= 1099511627776 AND doc < 2199023255552), 'organization', o.id, o.archived_at IS NOT NULL, o.name,
            coalesce(o.dba_name, '') || ' ' || coalesce(o.account_number, '') || ' ' || coalesce(o.city, '') || ' ' || coalesce(o.phone, '') || ' ' || coalesce(o.email, '') || ' ' || coalesce(o.website, ''),
            replace(replace(replace(replace(replace(replace(replace(coalesce(o.phone, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', '')
                || CASE WHEN length(replace(replace(replace(replace(replace(replace(replace(coalesce(o.phone, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', '')) >= 5 THEN ' ' || substr(replace(replace(replace(replace(replace(replace(replace(coalesce(o.phone, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', ''), 2) ELSE '' END
                || CASE WHEN length(replace(replace(replace(replace(replace(replace(replace(coalesce(o.phone, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', '')) >= 6 THEN ' ' || substr(replace(replace(replace(replace(replace(replace(replace(coalesce(o.phone, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', ''), 3) ELSE '' END
                || CASE WHEN length(replace(replace(replace(replace(replace(replace(replace(coalesce(o.phone, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', '')) >= 7 THEN ' ' || substr(replace(replace(replace(replace(replace(replace(replace(coalesce(o.phone, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', ''), 4) ELSE '' END
                || CASE WHEN length(replace(replace(replace(replace(replace(replace(replace(coalesce(o.phone, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', '')) >= 8 THEN ' ' || substr(replace(replace(replace(replace(replace(replace(replace(coalesce(o.phone, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', ''), 5) ELSE '' END
                || CASE WHEN length(replace(replace(replace(replace(replace(replace(replace(coalesce(o.phone, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', '')) >= 9 THEN ' ' || substr(replace(replace(replace(replace(replace(replace(replace(coalesce(o.phone, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', ''), 6) ELSE '' END
                || CASE WHEN length(replace(replace(replace(replace(replace(replace(replace(coalesce(o.phone, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', '')) >= 10 THEN ' ' || substr(replace(replace(replace(replace(replace(replace(replace(coalesce(o.phone, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', ''), 7) ELSE '' END
                || CASE WHEN length(replace(replace(replace(replace(replace(replace(replace(coalesce(o.phone, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', '')) >= 11 THEN ' ' || substr(replace(replace(replace(replace(replace(replace(replace(coalesce(o.phone, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', ''), 8) ELSE '' END
                || CASE WHEN length(replace(replace(replace(replace(replace(replace(replace(coalesce(o.phone, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', '')) >= 12 THEN ' ' || substr(replace(replace(replace(replace(replace(replace(replace(coalesce(o.phone, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', ''), 9) ELSE '' END
                || CASE WHEN length(replace(replace(replace(replace(replace(replace(replace(coalesce(o.phone, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', '')) >= 13 THEN ' ' || substr(replace(replace(replace(replace(replace(replace(replace(coalesce(o.phone, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', ''), 10) ELSE '' END
                || CASE WHEN length(replace(replace(replace(replace(replace(replace(replace(coalesce(o.phone, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', '')) >= 14 THEN ' ' || substr(replace(replace(replace(replace(replace(replace(replace(coalesce(o.phone, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', ''), 11) ELSE '' END
                || CASE WHEN length(replace(replace(replace(replace(replace(replace(replace(coalesce(o.phone, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', '')) >= 15 THEN ' ' || substr(replace(replace(replace(replace(replace(replace(replace(coalesce(o.phone, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', ''), 12) ELSE '' END
        FROM organizations o WHERE o.id = new.id
        ON CONFLICT (kind, ref_id) DO UPDATE SET archived = excluded.archived, title = excluded.title,
            body = excluded.body, digits = excluded.digits;
END;
CREATE TRIGGER search_org_au AFTER UPDATE ON organizations BEGIN
    INSERT INTO search_docs (doc, kind, ref_id, archived, title, body, digits)
        SELECT (SELECT coalesce(max(doc), 1099511627776) + 1 FROM search_docs WHERE doc >= 1099511627776 AND doc < 2199023255552), 'organization', o.id, o.archived_at IS NOT NULL, o.name,
            coalesce(o.dba_name, '') || ' ' || coalesce(o.account_number, '') || ' ' || coalesce(o.city, '') || ' ' || coalesce(o.phone, '') || ' ' || coalesce(o.email, '') || ' ' || coalesce(o.website, ''),
            replace(replace(replace(replace(replace(replace(replace(coalesce(o.phone, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', '')
                || CASE WHEN length(replace(replace(replace(replace(replace(replace(replace(coalesce(o.phone, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', '')) >= 5 THEN ' ' || substr(replace(replace(replace(replace(replace(replace(replace(coalesce(o.phone, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', ''), 2) ELSE '' END
                || CASE WHEN length(replace(replace(replace(replace(replace(replace(replace(coalesce(o.phone, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', '')) >= 6 THEN ' ' || substr(replace(replace(replace(replace(replace(replace(replace(coalesce(o.phone, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', ''), 3) ELSE '' END
                || CASE WHEN length(replace(replace(replace(replace(replace(replace(replace(coalesce(o.phone, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', '')) >= 7 THEN ' ' || substr(replace(replace(replace(replace(replace(replace(replace(coalesce(o.phone, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', ''), 4) ELSE '' END
                || CASE WHEN length(replace(replace(replace(replace(replace(replace(replace(coalesce(o.phone, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', '')) >= 8 THEN ' ' || substr(replace(replace(replace(replace(replace(replace(replace(coalesce(o.phone, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', ''), 5) ELSE '' END
                || CASE WHEN length(replace(replace(replace(replace(replace(replace(replace(coalesce(o.phone, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', '')) >= 9 THEN ' ' || substr(replace(replace(replace(replace(replace(replace(replace(coalesce(o.phone, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', ''), 6) ELSE '' END
                || CASE WHEN length(replace(replace(replace(replace(replace(replace(replace(coalesce(o.phone, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', '')) >= 10 THEN ' ' || substr(replace(replace(replace(replace(replace(replace(replace(coalesce(o.phone, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', ''), 7) ELSE '' END
                || CASE WHEN length(replace(replace(replace(replace(replace(replace(replace(coalesce(o.phone, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', '')) >= 11 THEN ' ' || substr(replace(replace(replace(replace(replace(replace(replace(coalesce(o.phone, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', ''), 8) ELSE '' END
                || CASE WHEN length(replace(replace(replace(replace(replace(replace(replace(coalesce(o.phone, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', '')) >= 12 THEN ' ' || substr(replace(replace(replace(replace(replace(replace(replace(coalesce(o.phone, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', ''), 9) ELSE '' END
                || CASE WHEN length(replace(replace(replace(replace(replace(replace(replace(coalesce(o.phone, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', '')) >= 13 THEN ' ' || substr(replace(replace(replace(replace(replace(replace(replace(coalesce(o.phone, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', ''), 10) ELSE '' END
                || CASE WHEN length(replace(replace(replace(replace(replace(replace(replace(coalesce(o.phone, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', '')) >= 14 THEN ' ' || substr(replace(replace(replace(replace(replace(replace(replace(coalesce(o.phone, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', ''), 11) ELSE '' END
                || CASE WHEN length(replace(replace(replace(replace(replace(replace(replace(coalesce(o.phone, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', '')) >= 15 THEN ' ' || substr(replace(replace(replace(replace(replace(replace(replace(coalesce(o.phone, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', ''), 12) ELSE '' END
        FROM organizations o WHERE o.id = new.id
        ON CONFLICT (kind, ref_id) DO UPDATE SET archived = excluded.archived, title = excluded.title,
            body = excluded.body, digits = excluded.digits;
END;
CREATE TRIGGER search_org_ad AFTER DELETE ON organizations BEGIN
    DELETE FROM search_docs WHERE kind = 'organization' AND ref_id = old.id;
END;

-- People
CREATE TRIGGER search_person_ai AFTER INSERT ON people BEGIN
    INSERT INTO search_docs (doc, kind, ref_id, archived, title, body, digits)
        SELECT (SELECT coalesce(max(doc), 2199023255552) + 1 FROM search_docs WHERE doc >= 2199023255552 AND doc < 3298534883328), 'person', p.id, p.archived_at IS NOT NULL, trim(coalesce(p.first_name, '') || ' ' || coalesce(p.last_name, '')),
            coalesce(p.email, '') || ' ' || coalesce(p.phone, '') || ' ' || coalesce(p.mobile, '') || ' ' || coalesce(p.job_title, '') || ' ' || coalesce(p.department, '') || ' ' || coalesce(p.company_name, ''),
            replace(replace(replace(replace(replace(replace(replace(coalesce(p.phone, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', '')
                || CASE WHEN length(replace(replace(replace(replace(replace(replace(replace(coalesce(p.phone, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', '')) >= 5 THEN ' ' || substr(replace(replace(replace(replace(replace(replace(replace(coalesce(p.phone, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', ''), 2) ELSE '' END
                || CASE WHEN length(replace(replace(replace(replace(replace(replace(replace(coalesce(p.phone, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', '')) >= 6 THEN ' ' || substr(replace(replace(replace(replace(replace(replace(replace(coalesce(p.phone, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', ''), 3) ELSE '' END
                || CASE WHEN length(replace(replace(replace(replace(replace(replace(replace(coalesce(p.phone, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', '')) >= 7 THEN ' ' || substr(replace(replace(replace(replace(replace(replace(replace(coalesce(p.phone, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', ''), 4) ELSE '' END
                || CASE WHEN length(replace(replace(replace(replace(replace(replace(replace(coalesce(p.phone, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', '')) >= 8 THEN ' ' || substr(replace(replace(replace(replace(replace(replace(replace(coalesce(p.phone, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', ''), 5) ELSE '' END
                || CASE WHEN length(replace(replace(replace(replace(replace(replace(replace(coalesce(p.phone, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', '')) >= 9 THEN ' ' || substr(replace(replace(replace(replace(replace(replace(replace(coalesce(p.phone, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', ''), 6) ELSE '' END
                || CASE WHEN length(replace(replace(replace(replace(replace(replace(replace(coalesce(p.phone, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', '')) >= 10 THEN ' ' || substr(replace(replace(replace(replace(replace(replace(replace(coalesce(p.phone, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', ''), 7) ELSE '' END
                || CASE WHEN length(replace(replace(replace(replace(replace(replace(replace(coalesce(p.phone, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', '')) >= 11 THEN ' ' || substr(replace(replace(replace(replace(replace(replace(replace(coalesce(p.phone, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', ''), 8) ELSE '' END
                || CASE WHEN length(replace(replace(replace(replace(replace(replace(replace(coalesce(p.phone, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', '')) >= 12 THEN ' ' || substr(replace(replace(replace(replace(replace(replace(replace(coalesce(p.phone, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', ''), 9) ELSE '' END
                || CASE WHEN length(replace(replace(replace(replace(replace(replace(replace(coalesce(p.phone, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', '')) >= 13 THEN ' ' || substr(replace(replace(replace(replace(replace(replace(replace(coalesce(p.phone, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', ''), 10) ELSE '' END
                || CASE WHEN length(replace(replace(replace(replace(replace(replace(replace(coalesce(p.phone, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', '')) >= 14 THEN ' ' || substr(replace(replace(replace(replace(replace(replace(replace(coalesce(p.phone, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', ''), 11) ELSE '' END
                || CASE WHEN length(replace(replace(replace(replace(replace(replace(replace(coalesce(p.phone, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', '')) >= 15 THEN ' ' || substr(replace(replace(replace(replace(replace(replace(replace(coalesce(p.phone, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', ''), 12) ELSE '' END
                || ' ' || replace(replace(replace(replace(replace(replace(replace(coalesce(p.mobile, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', '')
                || CASE WHEN length(replace(replace(replace(replace(replace(replace(replace(coalesce(p.mobile, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', '')) >= 5 THEN ' ' || substr(replace(replace(replace(replace(replace(replace(replace(coalesce(p.mobile, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', ''), 2) ELSE '' END
                || CASE WHEN length(replace(replace(replace(replace(replace(replace(replace(coalesce(p.mobile, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', '')) >= 6 THEN ' ' || substr(replace(replace(replace(replace(replace(replace(replace(coalesce(p.mobile, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', ''), 3) ELSE '' END
                || CASE WHEN length(replace(replace(replace(replace(replace(replace(replace(coalesce(p.mobile, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', '')) >= 7 THEN ' ' || substr(replace(replace(replace(replace(replace(replace(replace(coalesce(p.mobile, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', ''), 4) ELSE '' END
                || CASE WHEN length(replace(replace(replace(replace(replace(replace(replace(coalesce(p.mobile, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', '')) >= 8 THEN ' ' || substr(replace(replace(replace(replace(replace(replace(replace(coalesce(p.mobile, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', ''), 5) ELSE '' END
                || CASE WHEN length(replace(replace(replace(replace(replace(replace(replace(coalesce(p.mobile, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', '')) >= 9 THEN ' ' || substr(replace(replace(replace(replace(replace(replace(replace(coalesce(p.mobile, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', ''), 6) ELSE '' END
                || CASE WHEN length(replace(replace(replace(replace(replace(replace(replace(coalesce(p.mobile, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', '')) >= 10 THEN ' ' || substr(replace(replace(replace(replace(replace(replace(replace(coalesce(p.mobile, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', ''), 7) ELSE '' END
                || CASE WHEN length(replace(replace(replace(replace(replace(replace(replace(coalesce(p.mobile, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', '')) >= 11 THEN ' ' || substr(replace(replace(replace(replace(replace(replace(replace(coalesce(p.mobile, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', ''), 8) ELSE '' END
                || CASE WHEN length(replace(replace(replace(replace(replace(replace(replace(coalesce(p.mobile, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', '')) >= 12 THEN ' ' || substr(replace(replace(replace(replace(replace(replace(replace(coalesce(p.mobile, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', ''), 9) ELSE '' END
                || CASE WHEN length(replace(replace(replace(replace(replace(replace(replace(coalesce(p.mobile, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', '')) >= 13 THEN ' ' || substr(replace(replace(replace(replace(replace(replace(replace(coalesce(p.mobile, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', ''), 10) ELSE '' END
                || CASE WHEN length(replace(replace(replace(replace(replace(replace(replace(coalesce(p.mobile, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', '')) >= 14 THEN ' ' || substr(replace(replace(replace(replace(replace(replace(replace(coalesce(p.mobile, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', ''), 11) ELSE '' END
                || CASE WHEN length(replace(replace(replace(replace(replace(replace(replace(coalesce(p.mobile, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', '')) >= 15 THEN ' ' || substr(replace(replace(replace(replace(replace(replace(replace(coalesce(p.mobile, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', ''), 12) ELSE '' END
        FROM people p WHERE p.id = new.id
        ON CONFLICT (kind, ref_id) DO UPDATE SET archived = excluded.archived, title = excluded.title,
            body = excluded.body, digits = excluded.digits;
END;
CREATE TRIGGER search_person_au AFTER UPDATE ON people BEGIN
    INSERT INTO search_docs (doc, kind, ref_id, archived, title, body, digits)
        SELECT (SELECT coalesce(max(doc), 2199023255552) + 1 FROM search_docs WHERE doc >= 2199023255552 AND doc < 3298534883328), 'person', p.id, p.archived_at IS NOT NULL, trim(coalesce(p.first_name, '') || ' ' || coalesce(p.last_name, '')),
            coalesce(p.email, '') || ' ' || coalesce(p.phone, '') || ' ' || coalesce(p.mobile, '') || ' ' || coalesce(p.job_title, '') || ' ' || coalesce(p.department, '') || ' ' || coalesce(p.company_name, ''),
            replace(replace(replace(replace(replace(replace(replace(coalesce(p.phone, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', '')
                || CASE WHEN length(replace(replace(replace(replace(replace(replace(replace(coalesce(p.phone, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', '')) >= 5 THEN ' ' || substr(replace(replace(replace(replace(replace(replace(replace(coalesce(p.phone, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', ''), 2) ELSE '' END
                || CASE WHEN length(replace(replace(replace(replace(replace(replace(replace(coalesce(p.phone, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', '')) >= 6 THEN ' ' || substr(replace(replace(replace(replace(replace(replace(replace(coalesce(p.phone, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', ''), 3) ELSE '' END
                || CASE WHEN length(replace(replace(replace(replace(replace(replace(replace(coalesce(p.phone, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', '')) >= 7 THEN ' ' || substr(replace(replace(replace(replace(replace(replace(replace(coalesce(p.phone, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', ''), 4) ELSE '' END
                || CASE WHEN length(replace(replace(replace(replace(replace(replace(replace(coalesce(p.phone, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', '')) >= 8 THEN ' ' || substr(replace(replace(replace(replace(replace(replace(replace(coalesce(p.phone, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', ''), 5) ELSE '' END
                || CASE WHEN length(replace(replace(replace(replace(replace(replace(replace(coalesce(p.phone, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', '')) >= 9 THEN ' ' || substr(replace(replace(replace(replace(replace(replace(replace(coalesce(p.phone, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', ''), 6) ELSE '' END
                || CASE WHEN length(replace(replace(replace(replace(replace(replace(replace(coalesce(p.phone, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', '')) >= 10 THEN ' ' || substr(replace(replace(replace(replace(replace(replace(replace(coalesce(p.phone, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', ''), 7) ELSE '' END
                || CASE WHEN length(replace(replace(replace(replace(replace(replace(replace(coalesce(p.phone, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', '')) >= 11 THEN ' ' || substr(replace(replace(replace(replace(replace(replace(replace(coalesce(p.phone, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', ''), 8) ELSE '' END
                || CASE WHEN length(replace(replace(replace(replace(replace(replace(replace(coalesce(p.phone, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', '')) >= 12 THEN ' ' || substr(replace(replace(replace(replace(replace(replace(replace(coalesce(p.phone, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', ''), 9) ELSE '' END
                || CASE WHEN length(replace(replace(replace(replace(replace(replace(replace(coalesce(p.phone, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', '')) >= 13 THEN ' ' || substr(replace(replace(replace(replace(replace(replace(replace(coalesce(p.phone, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', ''), 10) ELSE '' END
                || CASE WHEN length(replace(replace(replace(replace(replace(replace(replace(coalesce(p.phone, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', '')) >= 14 THEN ' ' || substr(replace(replace(replace(replace(replace(replace(replace(coalesce(p.phone, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', ''), 11) ELSE '' END
                || CASE WHEN length(replace(replace(replace(replace(replace(replace(replace(coalesce(p.phone, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', '')) >= 15 THEN ' ' || substr(replace(replace(replace(replace(replace(replace(replace(coalesce(p.phone, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', ''), 12) ELSE '' END
                || ' ' || replace(replace(replace(replace(replace(replace(replace(coalesce(p.mobile, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', '')
                || CASE WHEN length(replace(replace(replace(replace(replace(replace(replace(coalesce(p.mobile, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', '')) >= 5 THEN ' ' || substr(replace(replace(replace(replace(replace(replace(replace(coalesce(p.mobile, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', ''), 2) ELSE '' END
                || CASE WHEN length(replace(replace(replace(replace(replace(replace(replace(coalesce(p.mobile, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', '')) >= 6 THEN ' ' || substr(replace(replace(replace(replace(replace(replace(replace(coalesce(p.mobile, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', ''), 3) ELSE '' END
                || CASE WHEN length(replace(replace(replace(replace(replace(replace(replace(coalesce(p.mobile, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', '')) >= 7 THEN ' ' || substr(replace(replace(replace(replace(replace(replace(replace(coalesce(p.mobile, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', ''), 4) ELSE '' END
                || CASE WHEN length(replace(replace(replace(replace(replace(replace(replace(coalesce(p.mobile, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', '')) >= 8 THEN ' ' || substr(replace(replace(replace(replace(replace(replace(replace(coalesce(p.mobile, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', ''), 5) ELSE '' END
                || CASE WHEN length(replace(replace(replace(replace(replace(replace(replace(coalesce(p.mobile, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', '')) >= 9 THEN ' ' || substr(replace(replace(replace(replace(replace(replace(replace(coalesce(p.mobile, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', ''), 6) ELSE '' END
                || CASE WHEN length(replace(replace(replace(replace(replace(replace(replace(coalesce(p.mobile, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', '')) >= 10 THEN ' ' || substr(replace(replace(replace(replace(replace(replace(replace(coalesce(p.mobile, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', ''), 7) ELSE '' END
                || CASE WHEN length(replace(replace(replace(replace(replace(replace(replace(coalesce(p.mobile, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', '')) >= 11 THEN ' ' || substr(replace(replace(replace(replace(replace(replace(replace(coalesce(p.mobile, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', ''), 8) ELSE '' END
                || CASE WHEN length(replace(replace(replace(replace(replace(replace(replace(coalesce(p.mobile, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', '')) >= 12 THEN ' ' || substr(replace(replace(replace(replace(replace(replace(replace(coalesce(p.mobile, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', ''), 9) ELSE '' END
                || CASE WHEN length(replace(replace(replace(replace(replace(replace(replace(coalesce(p.mobile, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', '')) >= 13 THEN ' ' || substr(replace(replace(replace(replace(replace(replace(replace(coalesce(p.mobile, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', ''), 10) ELSE '' END
                || CASE WHEN length(replace(replace(replace(replace(replace(replace(replace(coalesce(p.mobile, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', '')) >= 14 THEN ' ' || substr(replace(replace(replace(replace(replace(replace(replace(coalesce(p.mobile, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', ''), 11) ELSE '' END
                || CASE WHEN length(replace(replace(replace(replace(replace(replace(replace(coalesce(p.mobile, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', '')) >= 15 THEN ' ' || substr(replace(replace(replace(replace(replace(replace(replace(coalesce(p.mobile, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', ''), 12) ELSE '' END
        FROM people p WHERE p.id = new.id
        ON CONFLICT (kind, ref_id) DO UPDATE SET archived = excluded.archived, title = excluded.title,
            body = excluded.body, digits = excluded.digits;
END;
CREATE TRIGGER search_person_ad AFTER DELETE ON people BEGIN
    DELETE FROM search_docs WHERE kind = 'person' AND ref_id = old.id;
END;

-- Systems: their name, their type's name and their plain values
CREATE TRIGGER search_system_ai AFTER INSERT ON systems BEGIN
    INSERT INTO search_docs (doc, kind, ref_id, archived, title, body, digits)
        SELECT (SELECT coalesce(max(doc), 3298534883328) + 1 FROM search_docs WHERE doc >= 3298534883328 AND doc < 4398046511104), 'system', s.id, s.archived_at IS NOT NULL, s.name,
            coalesce(t.name, '') || ' ' || coalesce((SELECT group_concat(v.value, ' ') FROM system_values v WHERE v.system_id = s.id), ''),
            ''
        FROM systems s JOIN system_types t ON t.id = s.system_type_id WHERE s.id = new.id
        ON CONFLICT (kind, ref_id) DO UPDATE SET archived = excluded.archived, title = excluded.title,
            body = excluded.body, digits = excluded.digits;
END;
CREATE TRIGGER search_system_au AFTER UPDATE ON systems BEGIN
    INSERT INTO search_docs (doc, kind, ref_id, archived, title, body, digits)
        SELECT (SELECT coalesce(max(doc), 3298534883328) + 1 FROM search_docs WHERE doc >= 3298534883328 AND doc < 4398046511104), 'system', s.id, s.archived_at IS NOT NULL, s.name,
            coalesce(t.name, '') || ' ' || coalesce((SELECT group_concat(v.value, ' ') FROM system_values v WHERE v.system_id = s.id), ''),
            ''
        FROM systems s JOIN system_types t ON t.id = s.system_type_id WHERE s.id = new.id
        ON CONFLICT (kind, ref_id) DO UPDATE SET archived = excluded.archived, title = excluded.title,
            body = excluded.body, digits = excluded.digits;
END;
CREATE TRIGGER search_system_ad AFTER DELETE ON systems BEGIN
    DELETE FROM search_docs WHERE kind = 'system' AND ref_id = old.id;
END;
CREATE TRIGGER search_value_ai AFTER INSERT ON system_values BEGIN
    INSERT INTO search_docs (doc, kind, ref_id, archived, title, body, digits)
        SELECT (SELECT coalesce(max(doc), 3298534883328) + 1 FROM search_docs WHERE doc >= 3298534883328 AND doc < 4398046511104), 'system', s.id, s.archived_at IS NOT NULL, s.name,
            coalesce(t.name, '') || ' ' || coalesce((SELECT group_concat(v.value, ' ') FROM system_values v WHERE v.system_id = s.id), ''),
            ''
        FROM systems s JOIN system_types t ON t.id = s.system_type_id WHERE s.id = new.system_id
        ON CONFLICT (kind, ref_id) DO UPDATE SET archived = excluded.archived, title = excluded.title,
            body = excluded.body, digits = excluded.digits;
END;
CREATE TRIGGER search_value_au AFTER UPDATE ON system_values BEGIN
    INSERT INTO search_docs (doc, kind, ref_id, archived, title, body, digits)
        SELECT (SELECT coalesce(max(doc), 3298534883328) + 1 FROM search_docs WHERE doc >= 3298534883328 AND doc < 4398046511104), 'system', s.id, s.archived_at IS NOT NULL, s.name,
            coalesce(t.name, '') || ' ' || coalesce((SELECT group_concat(v.value, ' ') FROM system_values v WHERE v.system_id = s.id), ''),
            ''
        FROM systems s JOIN system_types t ON t.id = s.system_type_id WHERE s.id = new.system_id
        ON CONFLICT (kind, ref_id) DO UPDATE SET archived = excluded.archived, title = excluded.title,
            body = excluded.body, digits = excluded.digits;
END;
CREATE TRIGGER search_value_ad AFTER DELETE ON system_values BEGIN
    INSERT INTO search_docs (doc, kind, ref_id, archived, title, body, digits)
        SELECT (SELECT coalesce(max(doc), 3298534883328) + 1 FROM search_docs WHERE doc >= 3298534883328 AND doc < 4398046511104), 'system', s.id, s.archived_at IS NOT NULL, s.name,
            coalesce(t.name, '') || ' ' || coalesce((SELECT group_concat(v.value, ' ') FROM system_values v WHERE v.system_id = s.id), ''),
            ''
        FROM systems s JOIN system_types t ON t.id = s.system_type_id WHERE s.id = old.system_id
        ON CONFLICT (kind, ref_id) DO UPDATE SET archived = excluded.archived, title = excluded.title,
            body = excluded.body, digits = excluded.digits;
END;
CREATE TRIGGER search_type_au AFTER UPDATE OF name ON system_types BEGIN
    INSERT INTO search_docs (doc, kind, ref_id, archived, title, body, digits)
        SELECT (SELECT coalesce(max(doc), 3298534883328) + 1 FROM search_docs WHERE doc >= 3298534883328 AND doc < 4398046511104), 'system', s.id, s.archived_at IS NOT NULL, s.name,
            coalesce(t.name, '') || ' ' || coalesce((SELECT group_concat(v.value, ' ') FROM system_values v WHERE v.system_id = s.id), ''),
            ''
        FROM systems s JOIN system_types t ON t.id = s.system_type_id WHERE s.system_type_id = new.id
        ON CONFLICT (kind, ref_id) DO UPDATE SET archived = excluded.archived, title = excluded.title,
            body = excluded.body, digits = excluded.digits;
END;

-- Notes
CREATE TRIGGER search_note_ai AFTER INSERT ON notes BEGIN
    INSERT INTO search_docs (doc, kind, ref_id, archived, title, body, digits)
        SELECT (SELECT coalesce(max(doc), 4398046511104) + 1 FROM search_docs WHERE doc >= 4398046511104 AND doc < 5497558138880), 'note', n.id, 0, '', n.body, ''
        FROM notes n WHERE n.id = new.id
        ON CONFLICT (kind, ref_id) DO UPDATE SET title = excluded.title, body = excluded.body;
END;
CREATE TRIGGER search_note_au AFTER UPDATE OF body ON notes BEGIN
    INSERT INTO search_docs (doc, kind, ref_id, archived, title, body, digits)
        SELECT (SELECT coalesce(max(doc), 4398046511104) + 1 FROM search_docs WHERE doc >= 4398046511104 AND doc < 5497558138880), 'note', n.id, 0, '', n.body, ''
        FROM notes n WHERE n.id = new.id
        ON CONFLICT (kind, ref_id) DO UPDATE SET title = excluded.title, body = excluded.body;
END;
CREATE TRIGGER search_note_ad AFTER DELETE ON notes BEGIN
    DELETE FROM search_docs WHERE kind = 'note' AND ref_id = old.id;
END;

-- File names
CREATE TRIGGER search_file_ai AFTER INSERT ON attachments BEGIN
    INSERT INTO search_docs (doc, kind, ref_id, archived, title, body, digits)
        SELECT (SELECT coalesce(max(doc), 5497558138880) + 1 FROM search_docs WHERE doc >= 5497558138880 AND doc < 6597069766656), 'file', a.id, 0, a.name, '', ''
        FROM attachments a WHERE a.id = new.id
        ON CONFLICT (kind, ref_id) DO NOTHING;
END;
CREATE TRIGGER search_file_ad AFTER DELETE ON attachments BEGIN
    DELETE FROM search_docs WHERE kind = 'file' AND ref_id = old.id;
END;

-- What is already there.
INSERT INTO search_docs (doc, kind, ref_id, archived, title, body, digits)
    SELECT 1099511627776 + row_number() OVER (), 'organization', o.id, o.archived_at IS NOT NULL, o.name,
        coalesce(o.dba_name, '') || ' ' || coalesce(o.account_number, '') || ' ' || coalesce(o.city, '') || ' ' || coalesce(o.phone, '') || ' ' || coalesce(o.email, '') || ' ' || coalesce(o.website, ''),
        replace(replace(replace(replace(replace(replace(replace(coalesce(o.phone, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', '')
            || CASE WHEN length(replace(replace(replace(replace(replace(replace(replace(coalesce(o.phone, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', '')) >= 5 THEN ' ' || substr(replace(replace(replace(replace(replace(replace(replace(coalesce(o.phone, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', ''), 2) ELSE '' END
            || CASE WHEN length(replace(replace(replace(replace(replace(replace(replace(coalesce(o.phone, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', '')) >= 6 THEN ' ' || substr(replace(replace(replace(replace(replace(replace(replace(coalesce(o.phone, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', ''), 3) ELSE '' END
            || CASE WHEN length(replace(replace(replace(replace(replace(replace(replace(coalesce(o.phone, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', '')) >= 7 THEN ' ' || substr(replace(replace(replace(replace(replace(replace(replace(coalesce(o.phone, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', ''), 4) ELSE '' END
            || CASE WHEN length(replace(replace(replace(replace(replace(replace(replace(coalesce(o.phone, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', '')) >= 8 THEN ' ' || substr(replace(replace(replace(replace(replace(replace(replace(coalesce(o.phone, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', ''), 5) ELSE '' END
            || CASE WHEN length(replace(replace(replace(replace(replace(replace(replace(coalesce(o.phone, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', '')) >= 9 THEN ' ' || substr(replace(replace(replace(replace(replace(replace(replace(coalesce(o.phone, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', ''), 6) ELSE '' END
            || CASE WHEN length(replace(replace(replace(replace(replace(replace(replace(coalesce(o.phone, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', '')) >= 10 THEN ' ' || substr(replace(replace(replace(replace(replace(replace(replace(coalesce(o.phone, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', ''), 7) ELSE '' END
            || CASE WHEN length(replace(replace(replace(replace(replace(replace(replace(coalesce(o.phone, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', '')) >= 11 THEN ' ' || substr(replace(replace(replace(replace(replace(replace(replace(coalesce(o.phone, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', ''), 8) ELSE '' END
            || CASE WHEN length(replace(replace(replace(replace(replace(replace(replace(coalesce(o.phone, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', '')) >= 12 THEN ' ' || substr(replace(replace(replace(replace(replace(replace(replace(coalesce(o.phone, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', ''), 9) ELSE '' END
            || CASE WHEN length(replace(replace(replace(replace(replace(replace(replace(coalesce(o.phone, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', '')) >= 13 THEN ' ' || substr(replace(replace(replace(replace(replace(replace(replace(coalesce(o.phone, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', ''), 10) ELSE '' END
            || CASE WHEN length(replace(replace(replace(replace(replace(replace(replace(coalesce(o.phone, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', '')) >= 14 THEN ' ' || substr(replace(replace(replace(replace(replace(replace(replace(coalesce(o.phone, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', ''), 11) ELSE '' END
            || CASE WHEN length(replace(replace(replace(replace(replace(replace(replace(coalesce(o.phone, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', '')) >= 15 THEN ' ' || substr(replace(replace(replace(replace(replace(replace(replace(coalesce(o.phone, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', ''), 12) ELSE '' END
    FROM organizations o WHERE true
    ON CONFLICT (kind, ref_id) DO UPDATE SET archived = excluded.archived, title = excluded.title,
        body = excluded.body, digits = excluded.digits;
INSERT INTO search_docs (doc, kind, ref_id, archived, title, body, digits)
    SELECT 2199023255552 + row_number() OVER (), 'person', p.id, p.archived_at IS NOT NULL, trim(coalesce(p.first_name, '') || ' ' || coalesce(p.last_name, '')),
        coalesce(p.email, '') || ' ' || coalesce(p.phone, '') || ' ' || coalesce(p.mobile, '') || ' ' || coalesce(p.job_title, '') || ' ' || coalesce(p.department, '') || ' ' || coalesce(p.company_name, ''),
        replace(replace(replace(replace(replace(replace(replace(coalesce(p.phone, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', '')
            || CASE WHEN length(replace(replace(replace(replace(replace(replace(replace(coalesce(p.phone, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', '')) >= 5 THEN ' ' || substr(replace(replace(replace(replace(replace(replace(replace(coalesce(p.phone, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', ''), 2) ELSE '' END
            || CASE WHEN length(replace(replace(replace(replace(replace(replace(replace(coalesce(p.phone, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', '')) >= 6 THEN ' ' || substr(replace(replace(replace(replace(replace(replace(replace(coalesce(p.phone, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', ''), 3) ELSE '' END
            || CASE WHEN length(replace(replace(replace(replace(replace(replace(replace(coalesce(p.phone, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', '')) >= 7 THEN ' ' || substr(replace(replace(replace(replace(replace(replace(replace(coalesce(p.phone, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', ''), 4) ELSE '' END
            || CASE WHEN length(replace(replace(replace(replace(replace(replace(replace(coalesce(p.phone, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', '')) >= 8 THEN ' ' || substr(replace(replace(replace(replace(replace(replace(replace(coalesce(p.phone, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', ''), 5) ELSE '' END
            || CASE WHEN length(replace(replace(replace(replace(replace(replace(replace(coalesce(p.phone, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', '')) >= 9 THEN ' ' || substr(replace(replace(replace(replace(replace(replace(replace(coalesce(p.phone, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', ''), 6) ELSE '' END
            || CASE WHEN length(replace(replace(replace(replace(replace(replace(replace(coalesce(p.phone, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', '')) >= 10 THEN ' ' || substr(replace(replace(replace(replace(replace(replace(replace(coalesce(p.phone, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', ''), 7) ELSE '' END
            || CASE WHEN length(replace(replace(replace(replace(replace(replace(replace(coalesce(p.phone, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', '')) >= 11 THEN ' ' || substr(replace(replace(replace(replace(replace(replace(replace(coalesce(p.phone, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', ''), 8) ELSE '' END
            || CASE WHEN length(replace(replace(replace(replace(replace(replace(replace(coalesce(p.phone, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', '')) >= 12 THEN ' ' || substr(replace(replace(replace(replace(replace(replace(replace(coalesce(p.phone, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', ''), 9) ELSE '' END
            || CASE WHEN length(replace(replace(replace(replace(replace(replace(replace(coalesce(p.phone, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', '')) >= 13 THEN ' ' || substr(replace(replace(replace(replace(replace(replace(replace(coalesce(p.phone, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', ''), 10) ELSE '' END
            || CASE WHEN length(replace(replace(replace(replace(replace(replace(replace(coalesce(p.phone, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', '')) >= 14 THEN ' ' || substr(replace(replace(replace(replace(replace(replace(replace(coalesce(p.phone, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', ''), 11) ELSE '' END
            || CASE WHEN length(replace(replace(replace(replace(replace(replace(replace(coalesce(p.phone, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', '')) >= 15 THEN ' ' || substr(replace(replace(replace(replace(replace(replace(replace(coalesce(p.phone, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', ''), 12) ELSE '' END
            || ' ' || replace(replace(replace(replace(replace(replace(replace(coalesce(p.mobile, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', '')
            || CASE WHEN length(replace(replace(replace(replace(replace(replace(replace(coalesce(p.mobile, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', '')) >= 5 THEN ' ' || substr(replace(replace(replace(replace(replace(replace(replace(coalesce(p.mobile, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', ''), 2) ELSE '' END
            || CASE WHEN length(replace(replace(replace(replace(replace(replace(replace(coalesce(p.mobile, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', '')) >= 6 THEN ' ' || substr(replace(replace(replace(replace(replace(replace(replace(coalesce(p.mobile, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', ''), 3) ELSE '' END
            || CASE WHEN length(replace(replace(replace(replace(replace(replace(replace(coalesce(p.mobile, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', '')) >= 7 THEN ' ' || substr(replace(replace(replace(replace(replace(replace(replace(coalesce(p.mobile, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', ''), 4) ELSE '' END
            || CASE WHEN length(replace(replace(replace(replace(replace(replace(replace(coalesce(p.mobile, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', '')) >= 8 THEN ' ' || substr(replace(replace(replace(replace(replace(replace(replace(coalesce(p.mobile, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', ''), 5) ELSE '' END
            || CASE WHEN length(replace(replace(replace(replace(replace(replace(replace(coalesce(p.mobile, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', '')) >= 9 THEN ' ' || substr(replace(replace(replace(replace(replace(replace(replace(coalesce(p.mobile, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', ''), 6) ELSE '' END
            || CASE WHEN length(replace(replace(replace(replace(replace(replace(replace(coalesce(p.mobile, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', '')) >= 10 THEN ' ' || substr(replace(replace(replace(replace(replace(replace(replace(coalesce(p.mobile, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', ''), 7) ELSE '' END
            || CASE WHEN length(replace(replace(replace(replace(replace(replace(replace(coalesce(p.mobile, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', '')) >= 11 THEN ' ' || substr(replace(replace(replace(replace(replace(replace(replace(coalesce(p.mobile, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', ''), 8) ELSE '' END
            || CASE WHEN length(replace(replace(replace(replace(replace(replace(replace(coalesce(p.mobile, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', '')) >= 12 THEN ' ' || substr(replace(replace(replace(replace(replace(replace(replace(coalesce(p.mobile, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', ''), 9) ELSE '' END
            || CASE WHEN length(replace(replace(replace(replace(replace(replace(replace(coalesce(p.mobile, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', '')) >= 13 THEN ' ' || substr(replace(replace(replace(replace(replace(replace(replace(coalesce(p.mobile, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', ''), 10) ELSE '' END
            || CASE WHEN length(replace(replace(replace(replace(replace(replace(replace(coalesce(p.mobile, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', '')) >= 14 THEN ' ' || substr(replace(replace(replace(replace(replace(replace(replace(coalesce(p.mobile, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', ''), 11) ELSE '' END
            || CASE WHEN length(replace(replace(replace(replace(replace(replace(replace(coalesce(p.mobile, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', '')) >= 15 THEN ' ' || substr(replace(replace(replace(replace(replace(replace(replace(coalesce(p.mobile, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', ''), 12) ELSE '' END
    FROM people p WHERE true
    ON CONFLICT (kind, ref_id) DO UPDATE SET archived = excluded.archived, title = excluded.title,
        body = excluded.body, digits = excluded.digits;
INSERT INTO search_docs (doc, kind, ref_id, archived, title, body, digits)
    SELECT 3298534883328 + row_number() OVER (), 'system', s.id, s.archived_at IS NOT NULL, s.name,
        coalesce(t.name, '') || ' ' || coalesce((SELECT group_concat(v.value, ' ') FROM system_values v WHERE v.system_id = s.id), ''),
        ''
    FROM systems s JOIN system_types t ON t.id = s.system_type_id WHERE true
    ON CONFLICT (kind, ref_id) DO UPDATE SET archived = excluded.archived, title = excluded.title,
        body = excluded.body, digits = excluded.digits;
INSERT INTO search_docs (doc, kind, ref_id, archived, title, body, digits)
    SELECT 4398046511104 + row_number() OVER (), 'note', n.id, 0, '', n.body, ''
    FROM notes n WHERE true
    ON CONFLICT (kind, ref_id) DO UPDATE SET title = excluded.title, body = excluded.body;
INSERT INTO search_docs (doc, kind, ref_id, archived, title, body, digits)
    SELECT 5497558138880 + row_number() OVER (), 'file', a.id, 0, a.name, '', ''
    FROM attachments a WHERE true
    ON CONFLICT (kind, ref_id) DO NOTHING;

-- Ranking: a title hit counts most, then the body, then phone digits.
INSERT INTO search_fts (search_fts, rank) VALUES ('rank', 'bm25(10.0, 2.0, 1.0)');
