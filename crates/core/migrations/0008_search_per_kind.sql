-- One FTS5 index per kind instead of one for all (0003). Measured on the demo set of 100,000
-- organizations, 300,000 people and 1,000,000 notes (BENCHMARKS.md): with one index, a prefix
-- that is not a prefix index ("offi", "acco") merged the doclists of every matching word over
-- all 1.5 million documents, once for every kind searched, and an organization search paid for
-- the million notes; with an index per kind it reads that kind's documents only. A one-letter
-- prefix index ('1') makes "a" and the "1" of "10.1." a single doclist too.
-- search_docs stays the one table of documents; each index reads its kind through a view, so
-- 'rebuild' and the content lookups see only that kind's rows. search_docs' triggers route a
-- document to its kind's index, and leave the index alone when only `archived` changed (the
-- text is the same: archiving, or editing a field that is not searched).
-- Append-only: never edit this file once it has shipped; add 0009_… instead.

DROP TRIGGER search_docs_ai;
DROP TRIGGER search_docs_ad;
DROP TRIGGER search_docs_au;
DROP TABLE search_fts;

CREATE VIEW search_docs_organization AS
    SELECT doc, title, body, digits FROM search_docs WHERE doc >= 1099511627776 AND doc < 2199023255552;
CREATE VIRTUAL TABLE search_fts_organization USING fts5 (
    title, body, digits,
    content = 'search_docs_organization', content_rowid = 'doc',
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '1 2 3'
);
CREATE TRIGGER search_docs_organization_ai AFTER INSERT ON search_docs WHEN new.kind = 'organization' BEGIN
    INSERT INTO search_fts_organization (rowid, title, body, digits) VALUES (new.doc, new.title, new.body, new.digits);
END;
CREATE TRIGGER search_docs_organization_ad AFTER DELETE ON search_docs WHEN old.kind = 'organization' BEGIN
    INSERT INTO search_fts_organization (search_fts_organization, rowid, title, body, digits)
    VALUES ('delete', old.doc, old.title, old.body, old.digits);
END;
CREATE TRIGGER search_docs_organization_au AFTER UPDATE ON search_docs
    WHEN old.kind = 'organization'
        AND (old.title IS NOT new.title OR old.body IS NOT new.body OR old.digits IS NOT new.digits)
BEGIN
    INSERT INTO search_fts_organization (search_fts_organization, rowid, title, body, digits)
    VALUES ('delete', old.doc, old.title, old.body, old.digits);
    INSERT INTO search_fts_organization (rowid, title, body, digits) VALUES (new.doc, new.title, new.body, new.digits);
END;
INSERT INTO search_fts_organization (search_fts_organization) VALUES ('rebuild');

CREATE VIEW search_docs_person AS
    SELECT doc, title, body, digits FROM search_docs WHERE doc >= 2199023255552 AND doc < 3298534883328;
CREATE VIRTUAL TABLE search_fts_person USING fts5 (
    title, body, digits,
    content = 'search_docs_person', content_rowid = 'doc',
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '1 2 3'
);
CREATE TRIGGER search_docs_person_ai AFTER INSERT ON search_docs WHEN new.kind = 'person' BEGIN
    INSERT INTO search_fts_person (rowid, title, body, digits) VALUES (new.doc, new.title, new.body, new.digits);
END;
CREATE TRIGGER search_docs_person_ad AFTER DELETE ON search_docs WHEN old.kind = 'person' BEGIN
    INSERT INTO search_fts_person (search_fts_person, rowid, title, body, digits)
    VALUES ('delete', old.doc, old.title, old.body, old.digits);
END;
CREATE TRIGGER search_docs_person_au AFTER UPDATE ON search_docs
    WHEN old.kind = 'person'
        AND (old.title IS NOT new.title OR old.body IS NOT new.body OR old.digits IS NOT new.digits)
BEGIN
    INSERT INTO search_fts_person (search_fts_person, rowid, title, body, digits)
    VALUES ('delete', old.doc, old.title, old.body, old.digits);
    INSERT INTO search_fts_person (rowid, title, body, digits) VALUES (new.doc, new.title, new.body, new.digits);
END;
INSERT INTO search_fts_person (search_fts_person) VALUES ('rebuild');

CREATE VIEW search_docs_system AS
    SELECT doc, title, body, digits FROM search_docs WHERE doc >= 3298534883328 AND doc < 4398046511104;
CREATE VIRTUAL TABLE search_fts_system USING fts5 (
    title, body, digits,
    content = 'search_docs_system', content_rowid = 'doc',
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '1 2 3'
);
CREATE TRIGGER search_docs_system_ai AFTER INSERT ON search_docs WHEN new.kind = 'system' BEGIN
    INSERT INTO search_fts_system (rowid, title, body, digits) VALUES (new.doc, new.title, new.body, new.digits);
END;
CREATE TRIGGER search_docs_system_ad AFTER DELETE ON search_docs WHEN old.kind = 'system' BEGIN
    INSERT INTO search_fts_system (search_fts_system, rowid, title, body, digits)
    VALUES ('delete', old.doc, old.title, old.body, old.digits);
END;
CREATE TRIGGER search_docs_system_au AFTER UPDATE ON search_docs
    WHEN old.kind = 'system'
        AND (old.title IS NOT new.title OR old.body IS NOT new.body OR old.digits IS NOT new.digits)
BEGIN
    INSERT INTO search_fts_system (search_fts_system, rowid, title, body, digits)
    VALUES ('delete', old.doc, old.title, old.body, old.digits);
    INSERT INTO search_fts_system (rowid, title, body, digits) VALUES (new.doc, new.title, new.body, new.digits);
END;
INSERT INTO search_fts_system (search_fts_system) VALUES ('rebuild');

CREATE VIEW search_docs_note AS
    SELECT doc, title, body, digits FROM search_docs WHERE doc >= 4398046511104 AND doc < 5497558138880;
CREATE VIRTUAL TABLE search_fts_note USING fts5 (
    title, body, digits,
    content = 'search_docs_note', content_rowid = 'doc',
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '1 2 3'
);
CREATE TRIGGER search_docs_note_ai AFTER INSERT ON search_docs WHEN new.kind = 'note' BEGIN
    INSERT INTO search_fts_note (rowid, title, body, digits) VALUES (new.doc, new.title, new.body, new.digits);
END;
CREATE TRIGGER search_docs_note_ad AFTER DELETE ON search_docs WHEN old.kind = 'note' BEGIN
    INSERT INTO search_fts_note (search_fts_note, rowid, title, body, digits)
    VALUES ('delete', old.doc, old.title, old.body, old.digits);
END;
CREATE TRIGGER search_docs_note_au AFTER UPDATE ON search_docs
    WHEN old.kind = 'note'
        AND (old.title IS NOT new.title OR old.body IS NOT new.body OR old.digits IS NOT new.digits)
BEGIN
    INSERT INTO search_fts_note (search_fts_note, rowid, title, body, digits)
    VALUES ('delete', old.doc, old.title, old.body, old.digits);
    INSERT INTO search_fts_note (rowid, title, body, digits) VALUES (new.doc, new.title, new.body, new.digits);
END;
INSERT INTO search_fts_note (search_fts_note) VALUES ('rebuild');

CREATE VIEW search_docs_file AS
    SELECT doc, title, body, digits FROM search_docs WHERE doc >= 5497558138880 AND doc < 6597069766656;
CREATE VIRTUAL TABLE search_fts_file USING fts5 (
    title, body, digits,
    content = 'search_docs_file', content_rowid = 'doc',
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '1 2 3'
);
CREATE TRIGGER search_docs_file_ai AFTER INSERT ON search_docs WHEN new.kind = 'file' BEGIN
    INSERT INTO search_fts_file (rowid, title, body, digits) VALUES (new.doc, new.title, new.body, new.digits);
END;
CREATE TRIGGER search_docs_file_ad AFTER DELETE ON search_docs WHEN old.kind = 'file' BEGIN
    INSERT INTO search_fts_file (search_fts_file, rowid, title, body, digits)
    VALUES ('delete', old.doc, old.title, old.body, old.digits);
END;
CREATE TRIGGER search_docs_file_au AFTER UPDATE ON search_docs
    WHEN old.kind = 'file'
        AND (old.title IS NOT new.title OR old.body IS NOT new.body OR old.digits IS NOT new.digits)
BEGIN
    INSERT INTO search_fts_file (search_fts_file, rowid, title, body, digits)
    VALUES ('delete', old.doc, old.title, old.body, old.digits);
    INSERT INTO search_fts_file (rowid, title, body, digits) VALUES (new.doc, new.title, new.body, new.digits);
END;
INSERT INTO search_fts_file (search_fts_file) VALUES ('rebuild');
