-- Server schema 4: invoice numbers are given out here, gap-free per prefix across machines; and
-- the one cheap call a machine makes before each sync.
-- Append-only: never edit this file once it has shipped; add 0005_… instead.

UPDATE fieldbook.meta SET value = '4' WHERE key = 'schema';

CREATE TABLE fieldbook.invoice_numbers (
    prefix text PRIMARY KEY,
    last   bigint NOT NULL
);

-- Every number given out, with the invoice it was for: asking again for the same invoice gives
-- the same number, and a number whose invoice never arrived (a machine that crashed between
-- taking it and saving) can be accounted for.
CREATE TABLE fieldbook.invoice_reservations (
    invoice uuid PRIMARY KEY,
    prefix  text NOT NULL,
    number  bigint NOT NULL,
    member  text NOT NULL DEFAULT session_user,
    at      timestamptz NOT NULL DEFAULT now(),
    UNIQUE (prefix, number)
);

CREATE FUNCTION fieldbook.take_invoice_number(p text, invoice_id uuid) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = fieldbook, pg_temp AS $$
DECLARE
    taken bigint;
    highest bigint;
BEGIN
    SELECT r.number INTO taken FROM invoice_reservations r WHERE r.invoice = invoice_id;
    IF taken IS NOT NULL THEN
        RETURN taken;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM invoice_numbers n WHERE n.prefix = p) THEN
        -- The first number here follows those the team's invoices already carry (a machine
        -- that issued invoices before it published).
        SELECT coalesce(max(substring(r.fields->>'number' FROM length(p) + 1)::bigint), 0) INTO highest
            FROM records r
            WHERE r.tbl = 'invoices' AND left(r.fields->>'number', length(p)) = p
              AND substring(r.fields->>'number' FROM length(p) + 1) ~ '^[0-9]{1,18}$';
        INSERT INTO invoice_numbers (prefix, last) VALUES (p, highest) ON CONFLICT DO NOTHING;
    END IF;
    UPDATE invoice_numbers n SET last = n.last + 1 WHERE n.prefix = p RETURNING n.last INTO taken;
    INSERT INTO invoice_reservations (invoice, prefix, number) VALUES (invoice_id, p, taken);
    RETURN taken;
END
$$;

REVOKE ALL ON FUNCTION fieldbook.take_invoice_number(text, uuid) FROM PUBLIC;

DO $$
DECLARE
    m text;
BEGIN
    FOR m IN SELECT DISTINCT grantee FROM information_schema.routine_privileges
        WHERE routine_schema = 'fieldbook' AND routine_name = 'pull' AND grantee <> current_user LOOP
        EXECUTE format('GRANT EXECUTE ON FUNCTION fieldbook.take_invoice_number(text, uuid) TO %I', m);
    END LOOP;
END
$$;

-- What a machine checks before each sync, in one call: the data set, the schema, the stamp of the
-- last number it pulled, and the newest number (equal to its cursor: nothing to pull).
CREATE FUNCTION fieldbook.check(n bigint)
RETURNS TABLE (data_set_id text, schema integer, stamp uuid, newest bigint)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = fieldbook, pg_temp AS $$
    SELECT (SELECT m.value FROM meta m WHERE m.key = 'data_set_id'),
           (SELECT m.value::integer FROM meta m WHERE m.key = 'schema'),
           (SELECT ch.stamp FROM changes ch WHERE ch.seq = n),
           (SELECT c.seq FROM counter c)
$$;

REVOKE ALL ON FUNCTION fieldbook.check(bigint) FROM PUBLIC;

DO $$
DECLARE
    m text;
BEGIN
    FOR m IN SELECT DISTINCT grantee FROM information_schema.routine_privileges
        WHERE routine_schema = 'fieldbook' AND routine_name = 'pull' AND grantee <> current_user LOOP
        EXECUTE format('GRANT EXECUTE ON FUNCTION fieldbook.check(bigint) TO %I', m);
    END LOOP;
END
$$;

-- The first machine's data, in bulk: rows the server does not have yet are written in one
-- statement per batch (numbered in order like pushes; the counter row stays locked to commit).
-- No three-way merge or unique checks are needed (they are new rows from one consistent
-- database); anything else in the batch is left for an ordinary push. Returns the operation
-- ids written.
CREATE FUNCTION fieldbook.publish(batch jsonb) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = fieldbook, pg_temp AS $$
DECLARE
    dev text := batch->>'device';
    done jsonb;
BEGIN
    WITH e AS (
        SELECT x.value AS v, x.ordinality AS i FROM jsonb_array_elements(batch->'entries') WITH ORDINALITY x
    ), f AS (
        SELECT e.v, row_number() OVER (ORDER BY e.i) AS n FROM e
        WHERE e.v->>'kind' = 'upsert'
          AND NOT EXISTS (SELECT 1 FROM records r WHERE r.tbl = e.v->>'tbl' AND r.key = e.v->>'key')
          AND NOT EXISTS (SELECT 1 FROM changes c WHERE c.op_id = (e.v->>'op')::uuid)
    ), bump AS (
        UPDATE counter SET seq = counter.seq + (SELECT count(*) FROM f) RETURNING counter.seq - (SELECT count(*) FROM f) AS base
    ), ch AS (
        INSERT INTO changes (seq, op_id, member, tbl, key, fields, device)
        SELECT bump.base + f.n, (f.v->>'op')::uuid, session_user, f.v->>'tbl', f.v->>'key', f.v->'fields', dev
        FROM f, bump
        RETURNING changes.seq, changes.stamp, changes.tbl, changes.key, changes.fields, changes.op_id
    ), rec AS (
        INSERT INTO records (tbl, key, fields, seq, device, stamp)
        SELECT ch.tbl, ch.key, ch.fields, ch.seq, dev, ch.stamp FROM ch
        RETURNING 1
    )
    SELECT coalesce(jsonb_agg(ch.op_id), '[]'::jsonb) INTO done FROM ch;
    RETURN done;
END
$$;

REVOKE ALL ON FUNCTION fieldbook.publish(jsonb) FROM PUBLIC;
