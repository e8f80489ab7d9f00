-- Server schema 2: pushes merge per field against the base the client saw (three-way), record
-- conflicts instead of overwriting, keep unique values unique across machines, and soft-delete;
-- pulls read records (the newest state of each row changed after the cursor) instead of the
-- change log, so a machine catching up downloads each row once.
-- Append-only: never edit this file once it has shipped; add 0003_… instead.

UPDATE fieldbook.meta SET value = '2' WHERE key = 'schema';

-- A record removed on some machine stays as a tombstone (nothing is purged: a machine that was
-- offline for months must still learn it is gone). `device` wrote it last; `stamp` is its
-- change's stamp (see changes.stamp).
ALTER TABLE fieldbook.records
    ADD COLUMN deleted boolean NOT NULL DEFAULT false,
    ADD COLUMN device text,
    ADD COLUMN stamp uuid;
CREATE UNIQUE INDEX records_seq ON fieldbook.records (seq);

-- The change log: every number the counter gave out has a row, with a random stamp. A machine
-- keeps the stamp of the last number it pulled; a server restored from an older backup (or
-- another data set behind the same address) does not have that stamp, and the machine stops
-- instead of silently rewinding.
ALTER TABLE fieldbook.changes
    ALTER COLUMN op_id DROP NOT NULL,
    ADD COLUMN stamp uuid NOT NULL DEFAULT gen_random_uuid(),
    ADD COLUMN device text,
    ADD COLUMN deleted boolean NOT NULL DEFAULT false;

-- Unique values across machines (the same rules as the SQLite indexes), found through indexes.
CREATE INDEX records_organizations_account ON fieldbook.records ((fields->>'account_number'))
    WHERE tbl = 'organizations' AND NOT deleted;
CREATE INDEX records_tickets_number ON fieldbook.records (((fields->>'number')::bigint))
    WHERE tbl = 'tickets' AND NOT deleted;
CREATE INDEX records_named ON fieldbook.records (tbl, (fields->>'list'), lower(btrim(fields->>'name')))
    WHERE tbl IN ('staff', 'choices', 'system_types') AND NOT deleted;
CREATE INDEX records_links ON fieldbook.records (tbl, (fields->>'organization_id'), (fields->>'role_id'))
    WHERE tbl IN ('organization_members', 'organization_contacts') AND NOT deleted;
CREATE INDEX records_emails ON fieldbook.records ((fields->>'person_id'), (fields->>'message_id'))
    WHERE tbl = 'emails' AND NOT deleted AND fields->>'message_id' IS NOT NULL;

-- The key of another live record of `t` holding the unique value(s) `f` has, if any. One query
-- per table, each written to match its partial index.
CREATE FUNCTION fieldbook.taken_by(t text, k text, f jsonb) RETURNS text
LANGUAGE plpgsql STABLE SET search_path = fieldbook, pg_temp AS $$
DECLARE
    other text;
BEGIN
    IF t = 'organizations' THEN
        SELECT r.key INTO other FROM records r WHERE r.tbl = 'organizations' AND NOT r.deleted
            AND r.fields->>'account_number' = f->>'account_number' AND r.key <> k LIMIT 1;
    ELSIF t = 'tickets' THEN
        SELECT r.key INTO other FROM records r WHERE r.tbl = 'tickets' AND NOT r.deleted
            AND (r.fields->>'number')::bigint = (f->>'number')::bigint AND r.key <> k LIMIT 1;
    ELSIF t IN ('staff', 'choices', 'system_types') THEN
        SELECT r.key INTO other FROM records r
            WHERE r.tbl IN ('staff', 'choices', 'system_types') AND NOT r.deleted AND r.tbl = t
            AND r.fields->>'list' IS NOT DISTINCT FROM f->>'list'
            AND lower(btrim(r.fields->>'name')) = lower(btrim(f->>'name')) AND r.key <> k LIMIT 1;
    ELSIF t IN ('organization_members', 'organization_contacts') THEN
        SELECT r.key INTO other FROM records r
            WHERE r.tbl IN ('organization_members', 'organization_contacts') AND NOT r.deleted AND r.tbl = t
            AND r.fields->>'organization_id' = f->>'organization_id' AND r.fields->>'role_id' = f->>'role_id'
            AND r.fields->>'staff_id' IS NOT DISTINCT FROM f->>'staff_id'
            AND r.fields->>'person_id' IS NOT DISTINCT FROM f->>'person_id' AND r.key <> k LIMIT 1;
    ELSIF t = 'emails' AND f->>'message_id' IS NOT NULL THEN
        SELECT r.key INTO other FROM records r
            WHERE r.tbl = 'emails' AND NOT r.deleted AND r.fields->>'message_id' IS NOT NULL
            AND r.fields->>'person_id' = f->>'person_id' AND r.fields->>'message_id' = f->>'message_id'
            AND r.key <> k LIMIT 1;
    END IF;
    RETURN other;
END
$$;

-- Takes the next number (the counter row stays locked to commit: numbers become visible in
-- order, without gaps) and logs it.
CREATE FUNCTION fieldbook.next_change(op uuid, t text, k text, f jsonb, dev text, del boolean)
RETURNS TABLE (seq bigint, stamp uuid)
LANGUAGE sql SET search_path = fieldbook, pg_temp AS $$
    WITH n AS (UPDATE counter SET seq = counter.seq + 1 RETURNING counter.seq)
    INSERT INTO changes (seq, op_id, member, tbl, key, fields, device, deleted)
        SELECT n.seq, op, session_user, t, k, coalesce(f, '{}'::jsonb), dev, del FROM n
    RETURNING changes.seq, changes.stamp
$$;

-- Records a conflict as a row of the synced table sync_conflicts (fields encoded as clients do:
-- ids as hex), under its own number.
CREATE FUNCTION fieldbook.conflict(kind text, t text, k text, field text, base jsonb, mine jsonb,
    theirs jsonb, message text, actor text, dev text) RETURNS void
LANGUAGE plpgsql SET search_path = fieldbook, pg_temp AS $$
DECLARE
    id text := replace(gen_random_uuid()::text, '-', '');
    row jsonb;
    c record;
BEGIN
    row := jsonb_build_object('id', id, 'kind', kind, 'tbl', t, 'row_key', k, 'field', field,
        'base', base::text, 'mine', mine::text, 'theirs', theirs::text, 'message', message,
        'actor_id', actor, 'at', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
        'resolved_at', NULL, 'resolved_by', NULL);
    SELECT * INTO c FROM next_change(NULL, 'sync_conflicts', jsonb_build_array(id)::text, row, dev, false);
    INSERT INTO records (tbl, key, fields, seq, device, stamp)
        VALUES ('sync_conflicts', jsonb_build_array(id)::text, row, c.seq, dev, c.stamp);
END
$$;

-- Push a batch: {"device", "seen" (the last number this machine pulled), "actor" (staff id hex),
-- "entries": [{"op", "tbl", "key", "kind": "upsert" | "update" | "delete", "fields": {…},
-- "base": {…} (update: the values the edit started from), "also": {…} (values of an unanswered
-- earlier push that may have applied), "row": {"archived_at": …} (what the machine saw)}]}.
-- Per field: a value the server still has as the base (or the machine's own unanswered value)
-- is replaced; the same value is nothing to do; anything else is a conflict and the server keeps
-- its value. Returns per entry {"op", "status": "applied" | "duplicate" | "conflict", "record"}:
-- the record as it now stands ({"fields", "deleted"}), which the machine applies — sent only when
-- it may differ from the machine's row (a conflict, a duplicate, a value the server changed).
CREATE OR REPLACE FUNCTION fieldbook.push(batch jsonb) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = fieldbook, pg_temp AS $$
DECLARE
    dev text := batch->>'device';
    seen bigint := coalesce((batch->>'seen')::bigint, 0);
    actor text := batch->>'actor';
    entry jsonb;
    op uuid;
    t text;
    k text;
    kind text;
    cur record;
    merged jsonb;
    applied jsonb;
    f text;
    v jsonb;
    cur_v jsonb;
    status text;
    other text;
    fixed jsonb;
    n bigint;
    drop_it boolean;
    c record;
    rewritten boolean;
    results jsonb[] := '{}';
BEGIN
    FOR entry IN SELECT value FROM jsonb_array_elements(batch->'entries') LOOP
        op := (entry->>'op')::uuid;
        t := entry->>'tbl';
        k := entry->>'key';
        kind := entry->>'kind';
        status := 'applied';
        IF EXISTS (SELECT 1 FROM changes ch WHERE ch.op_id = op) THEN
            SELECT r.fields, r.deleted INTO cur FROM records r WHERE r.tbl = t AND r.key = k;
            results := array_append(results, jsonb_build_object('op', op, 'status', 'duplicate',
                'record', CASE WHEN cur.fields IS NULL THEN NULL ELSE jsonb_build_object('fields', cur.fields, 'deleted', cur.deleted) END));
            CONTINUE;
        END IF;
        SELECT r.fields, r.deleted, r.seq, r.device INTO cur FROM records r WHERE r.tbl = t AND r.key = k FOR UPDATE;
        applied := '{}'::jsonb;
        drop_it := false;
        rewritten := false;
        IF kind = 'delete' THEN
            -- issued invoices and their lines are never deleted (voided instead)
            IF cur.fields IS NOT NULL AND NOT cur.deleted AND t NOT IN ('invoices', 'invoice_lines') THEN
                SELECT * INTO c FROM next_change(op, t, k, NULL, dev, true);
                UPDATE records r SET deleted = true, seq = c.seq, device = dev, stamp = c.stamp
                    WHERE r.tbl = t AND r.key = k;
            END IF;
        ELSIF cur.fields IS NULL OR (cur.deleted AND kind = 'upsert') THEN
            IF kind = 'update' THEN
                -- a change to a row the server never had: kept as a conflict, nothing applied
                PERFORM conflict('deleted', t, k, '*', NULL, entry->'fields', NULL,
                    'changed a record the team server does not have', actor, dev);
                status := 'conflict';
            ELSE
                merged := entry->'fields';
                applied := merged;
            END IF;
        ELSIF cur.deleted THEN
            FOR f, v IN SELECT * FROM jsonb_each(entry->'fields')
                WHERE key NOT IN ('updated_at', 'name_key', 'company_key') LOOP
                PERFORM conflict('deleted', t, k, f, entry->'base'->f, v, NULL,
                    'changed on one machine, deleted on another', actor, dev);
            END LOOP;
            status := 'conflict';
        ELSE
            merged := cur.fields;
            FOR f, v IN SELECT * FROM jsonb_each(entry->'fields') LOOP
                cur_v := cur.fields->f;
                IF cur_v IS NOT DISTINCT FROM v OR f IN ('name_key', 'company_key') THEN
                    -- (keys derived from a name follow their name, below)
                    CONTINUE;
                ELSIF t = 'invoice_lines' OR (t = 'invoices' AND (
                    f NOT IN ('void_date', 'void_reason', 'voided_by', 'organization_id', 'updated_at')
                    OR (f IN ('void_date', 'void_reason') AND cur.fields->>'void_date' IS NOT NULL))) THEN
                    -- an issued invoice stays as issued (it can be voided, once); its organization
                    -- changes only when that organization is merged (checked on the machine)
                    PERFORM conflict('immutable', t, k, f, entry->'base'->f, v, cur_v,
                        'an issued invoice cannot be changed', actor, dev);
                    status := 'conflict';
                    CONTINUE;
                ELSIF f = 'archived_at' AND v <> 'null'::jsonb AND cur_v IS NOT NULL AND cur_v <> 'null'::jsonb THEN
                    -- archived on two machines: archived, whichever time
                    CONTINUE;
                ELSIF f = 'updated_at' THEN
                    -- bookkeeping, not a conflict: the latest change time
                    IF cur_v IS NULL OR cur_v = 'null'::jsonb OR (v <> 'null'::jsonb AND v #>> '{}' > cur_v #>> '{}') THEN
                        merged := merged || jsonb_build_object(f, v);
                        applied := applied || jsonb_build_object(f, v);
                    END IF;
                    CONTINUE;
                ELSIF NOT (cur.fields ? f)
                    OR (kind = 'update' AND (entry->'base' ? f) AND cur_v IS NOT DISTINCT FROM entry->'base'->f)
                    OR (kind = 'update' AND (entry->'also' ? f) AND cur_v IS NOT DISTINCT FROM entry->'also'->f) THEN
                    -- archiving a record others changed since this machine last pulled: not
                    -- a silent winner
                    IF f = 'archived_at' AND v <> 'null'::jsonb AND cur_v = 'null'::jsonb
                        AND cur.seq > seen AND cur.device IS DISTINCT FROM dev THEN
                        PERFORM conflict('archive', t, k, f, entry->'base'->f, v, cur_v,
                            'archived on one machine while changed on another', actor, dev);
                        status := 'conflict';
                        CONTINUE;
                    END IF;
                    merged := merged || jsonb_build_object(f, v);
                    applied := applied || jsonb_build_object(f, v);
                ELSE
                    PERFORM conflict('edit', t, k, f, entry->'base'->f, v, cur_v,
                        'changed on two machines', actor, dev);
                    status := 'conflict';
                END IF;
            END LOOP;
            -- a key derived from a name (for finding duplicates) goes with its name
            FOR f, v IN SELECT * FROM jsonb_each(entry->'fields') WHERE key IN ('name_key', 'company_key') LOOP
                IF applied ? (CASE f WHEN 'name_key' THEN 'name' ELSE 'company_name' END) OR NOT (cur.fields ? f) THEN
                    merged := merged || jsonb_build_object(f, v);
                    applied := applied || jsonb_build_object(f, v);
                END IF;
            END LOOP;
            -- an edit of a record archived elsewhere, by a machine that had not seen the archive
            IF kind = 'update' AND NOT (entry->'fields' ? 'archived_at') AND (cur.fields ? 'archived_at')
                AND cur.fields->'archived_at' <> 'null'::jsonb
                AND (entry->'row'->'archived_at') IS NOT DISTINCT FROM 'null'::jsonb THEN
                PERFORM conflict('archive', t, k, 'archived_at', 'null'::jsonb, 'null'::jsonb,
                    cur.fields->'archived_at', 'changed on one machine while archived on another', actor, dev);
                status := 'conflict';
            END IF;
        END IF;
        IF applied <> '{}'::jsonb THEN
            -- unique values: another live record holds it
            other := taken_by(t, k, merged);
            IF other IS NOT NULL THEN
                IF t = 'organizations' THEN
                    PERFORM conflict('unique', t, k, 'account_number', NULL, merged->'account_number',
                        'null'::jsonb, 'account number already used by another organization', actor, dev);
                    fixed := jsonb_build_object('account_number', NULL);
                    status := 'conflict';
                ELSIF t = 'tickets' THEN
                    SELECT coalesce(max((r.fields->>'number')::bigint), 0) + 1 INTO n FROM records r
                        WHERE r.tbl = 'tickets' AND NOT r.deleted;
                    PERFORM conflict('unique', t, k, 'number', NULL, merged->'number', to_jsonb(n),
                        'ticket number already used on another machine; renumbered', actor, dev);
                    fixed := jsonb_build_object('number', n);
                    status := 'conflict';
                ELSIF t IN ('staff', 'choices', 'system_types') THEN
                    n := 2;
                    LOOP
                        fixed := jsonb_build_object('name', (merged->>'name') || ' (' || n || ')');
                        EXIT WHEN taken_by(t, k, merged || fixed) IS NULL;
                        n := n + 1;
                    END LOOP;
                    PERFORM conflict('unique', t, k, 'name', NULL, merged->'name', fixed->'name',
                        'name already used on another machine; renamed', actor, dev);
                    status := 'conflict';
                ELSE
                    -- the same link or email recorded on two machines: one is enough
                    drop_it := true;
                    fixed := '{}'::jsonb;
                END IF;
                merged := merged || fixed;
                applied := applied || fixed;
                rewritten := true;
            END IF;
            SELECT * INTO c FROM next_change(op, t, k, applied, dev, drop_it);
            INSERT INTO records AS r (tbl, key, fields, seq, device, stamp, deleted)
                VALUES (t, k, merged, c.seq, dev, c.stamp, drop_it)
                ON CONFLICT (tbl, key) DO UPDATE
                SET fields = excluded.fields, seq = excluded.seq, device = excluded.device,
                    stamp = excluded.stamp, deleted = excluded.deleted;
        ELSIF NOT EXISTS (SELECT 1 FROM changes ch WHERE ch.op_id = op) THEN
            -- nothing to apply: still remember the operation, so a resend is a duplicate
            SELECT * INTO c FROM next_change(op, t, k, NULL, dev, false);
        END IF;
        IF status = 'applied' AND NOT rewritten THEN
            -- the machine has the row as the server now has it: no need to send it back
            results := array_append(results, jsonb_build_object('op', op, 'status', status));
        ELSE
            SELECT r.fields, r.deleted INTO cur FROM records r WHERE r.tbl = t AND r.key = k;
            results := array_append(results, jsonb_build_object('op', op, 'status', status,
                'record', CASE WHEN cur.fields IS NULL THEN NULL ELSE jsonb_build_object('fields', cur.fields, 'deleted', cur.deleted) END));
        END IF;
    END LOOP;
    RETURN to_jsonb(results);
END
$$;

-- The records changed after `after` (their newest state), at most `lim`, in number order.
CREATE FUNCTION fieldbook.pull_records(after bigint, lim integer)
RETURNS TABLE (seq bigint, tbl text, key text, fields jsonb, deleted boolean, stamp uuid)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = fieldbook, pg_temp AS $$
    SELECT r.seq, r.tbl, r.key, r.fields, r.deleted, r.stamp FROM records r
    WHERE r.seq > after ORDER BY r.seq LIMIT least(greatest(lim, 1), 10000)
$$;

-- The stamp of number `n` (NULL when the server never gave it out) and the newest number: what a
-- machine checks before it syncs.
CREATE FUNCTION fieldbook.position(n bigint) RETURNS TABLE (stamp uuid, newest bigint)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = fieldbook, pg_temp AS $$
    SELECT (SELECT ch.stamp FROM changes ch WHERE ch.seq = n), (SELECT c.seq FROM counter c)
$$;

REVOKE ALL ON FUNCTION fieldbook.taken_by(text, text, jsonb) FROM PUBLIC;
REVOKE ALL ON FUNCTION fieldbook.next_change(uuid, text, text, jsonb, text, boolean) FROM PUBLIC;
REVOKE ALL ON FUNCTION fieldbook.conflict(text, text, text, text, jsonb, jsonb, jsonb, text, text, text) FROM PUBLIC;
REVOKE ALL ON FUNCTION fieldbook.pull_records(bigint, integer) FROM PUBLIC;
REVOKE ALL ON FUNCTION fieldbook.position(bigint) FROM PUBLIC;

-- Existing members may call the new functions too.
DO $$
DECLARE
    m text;
BEGIN
    FOR m IN SELECT DISTINCT grantee FROM information_schema.routine_privileges
        WHERE routine_schema = 'fieldbook' AND routine_name = 'pull' AND grantee <> current_user LOOP
        EXECUTE format('GRANT EXECUTE ON FUNCTION fieldbook.pull_records(bigint, integer), fieldbook.position(bigint) TO %I', m);
    END LOOP;
END
$$;
