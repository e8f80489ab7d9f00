-- The plain lists (active records by name) as partial indexes: the list picks a page of ids by
-- walking the index alone, so jumping to row 50,000 of 100,000 organizations reads index pages
-- instead of 50,000 rows (125 ms → 6 ms in the sqlite3 shell on the demo set), and counting the
-- active ones for the scrollbar reads the index instead of the table. 0004's indexes still serve
-- the lists with archived records shown.
-- Append-only: never edit this file once it has shipped; add 0010_… instead.
CREATE INDEX organizations_active_name_order ON organizations (name COLLATE NOCASE, id)
    WHERE archived_at IS NULL;
CREATE INDEX people_active_name_order
    ON people (coalesce(last_name, first_name) COLLATE NOCASE, first_name COLLATE NOCASE, id)
    WHERE archived_at IS NULL;
