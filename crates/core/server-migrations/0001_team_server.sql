-- Fieldbook's team server, schema "fieldbook". One generic table of records (a JSONB object per
-- row of a synced SQLite table) rather than a mirror of every SQLite table: one migration path
-- (the app's schema changes do not need a server migration each), a server that stores what
-- clients of several versions send. The rules that must hold across machines get their own
-- checks here as they are built (unique account numbers, gap-free invoice numbers, issued
-- invoices immutable).
-- Append-only: never edit this file once it has shipped; add 0002_… instead.

CREATE SCHEMA fieldbook;

-- The data set's identity: a restored or different server is noticed by its id and epoch.
CREATE TABLE fieldbook.meta (
    key   text PRIMARY KEY,
    value text NOT NULL
);
INSERT INTO fieldbook.meta (key, value) VALUES
    ('data_set_id', gen_random_uuid()::text),
    ('epoch', '1'),
    ('schema', '1');

-- One counter row. A push takes its numbers with UPDATE … RETURNING and holds the row lock to
-- its commit, so pushes serialise and numbers become visible in order, without gaps: a reader
-- that sees N has seen everything below N. (A bigserial would not: numbers are taken at insert
-- and seen at commit, and a slow transaction's lower number would be skipped forever.)
CREATE TABLE fieldbook.counter (
    one boolean PRIMARY KEY DEFAULT true CHECK (one),
    seq bigint NOT NULL
);
INSERT INTO fieldbook.counter (one, seq) VALUES (true, 0);

-- Every row of every synced table as it stands on the server.
CREATE TABLE fieldbook.records (
    tbl     text NOT NULL,
    key     text NOT NULL,
    fields  jsonb NOT NULL,
    -- the change that last wrote it
    seq     bigint NOT NULL,
    PRIMARY KEY (tbl, key)
);

-- Accepted changes in commit order: what a pull reads after its cursor.
CREATE TABLE fieldbook.changes (
    seq          bigint PRIMARY KEY,
    -- the client's operation id: a resent push applies nothing twice
    op_id        uuid NOT NULL UNIQUE,
    member       text NOT NULL,
    tbl          text NOT NULL,
    key          text NOT NULL,
    -- the fields this change set (a partial row)
    fields       jsonb NOT NULL,
    committed_at timestamptz NOT NULL DEFAULT now()
);

-- Push a batch: [{"op": uuid, "tbl": text, "key": text, "fields": {…}}, …]. Returns, per entry,
-- {"op", "seq", "status": "applied" | "duplicate"}. One call is one statement: the client holds
-- no server transaction open across the network.
CREATE FUNCTION fieldbook.push(batch jsonb) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = fieldbook, pg_temp AS $$
DECLARE
    entry jsonb;
    next bigint;
    known bigint;
    result jsonb := '[]'::jsonb;
BEGIN
    FOR entry IN SELECT value FROM jsonb_array_elements(batch) LOOP
        SELECT c.seq INTO known FROM changes c WHERE c.op_id = (entry->>'op')::uuid;
        IF known IS NOT NULL THEN
            result := result || jsonb_build_array(jsonb_build_object('op', entry->>'op', 'seq', known, 'status', 'duplicate'));
            CONTINUE;
        END IF;
        UPDATE counter SET seq = seq + 1 RETURNING seq INTO next;
        INSERT INTO changes (seq, op_id, member, tbl, key, fields)
            VALUES (next, (entry->>'op')::uuid, session_user, entry->>'tbl', entry->>'key', entry->'fields');
        INSERT INTO records AS r (tbl, key, fields, seq)
            VALUES (entry->>'tbl', entry->>'key', entry->'fields', next)
            ON CONFLICT (tbl, key) DO UPDATE SET fields = r.fields || excluded.fields, seq = excluded.seq;
        result := result || jsonb_build_array(jsonb_build_object('op', entry->>'op', 'seq', next, 'status', 'applied'));
    END LOOP;
    RETURN result;
END
$$;

-- The changes after `after`, at most `lim` of them, in order.
CREATE FUNCTION fieldbook.pull(after bigint, lim integer)
RETURNS TABLE (seq bigint, tbl text, key text, fields jsonb, member text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = fieldbook, pg_temp AS $$
    SELECT c.seq, c.tbl, c.key, c.fields, c.member FROM changes c
    WHERE c.seq > after ORDER BY c.seq LIMIT least(greatest(lim, 1), 10000)
$$;

-- The data set's identity and schema, for members (who may read no table).
CREATE FUNCTION fieldbook.identity() RETURNS TABLE (key text, value text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = fieldbook, pg_temp AS $$
    SELECT m.key, m.value FROM meta m
$$;

-- Nobody but the owner may call them until members are added (they get EXECUTE only).
REVOKE ALL ON FUNCTION fieldbook.push(jsonb) FROM PUBLIC;
REVOKE ALL ON FUNCTION fieldbook.pull(bigint, integer) FROM PUBLIC;
REVOKE ALL ON FUNCTION fieldbook.identity() FROM PUBLIC;
