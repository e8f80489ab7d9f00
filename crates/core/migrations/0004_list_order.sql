-- The default orders of the organizations and people lists, as indexes: a virtual list that
-- jumps to row 50,000 walks an index instead of sorting 100,000 rows for every page.
-- Append-only: never edit this file once it has shipped; add 0005_… instead.
CREATE INDEX organizations_name_order ON organizations (name COLLATE NOCASE, id);
CREATE INDEX people_name_order
    ON people (coalesce(last_name, first_name) COLLATE NOCASE, first_name COLLATE NOCASE, id);
