-- Server schema 3: file contents (attachments, logos) by SHA-256. A machine uploads a blob in
-- parts before the row that refers to it is pushed (a cut upload resumes at the missing parts);
-- the server checks the whole file's hash before it keeps it. Other machines fetch it in parts.
-- Append-only: never edit this file once it has shipped; add 0004_… instead.

UPDATE fieldbook.meta SET value = '3' WHERE key = 'schema';

CREATE TABLE fieldbook.blobs (
    sha256 text PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    size   bigint NOT NULL,
    data   bytea NOT NULL
);

-- Parts of uploads not yet complete.
CREATE TABLE fieldbook.blob_parts (
    sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    n      integer NOT NULL CHECK (n >= 0),
    parts  integer NOT NULL CHECK (parts > 0),
    data   bytea NOT NULL,
    at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (sha256, n)
);

-- Which of `shas` the server does not have.
CREATE FUNCTION fieldbook.blobs_missing(shas text[]) RETURNS text[]
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = fieldbook, pg_temp AS $$
    SELECT coalesce(array_agg(s), '{}') FROM unnest(shas) s WHERE NOT EXISTS (SELECT 1 FROM blobs b WHERE b.sha256 = s)
$$;

-- The parts of an unfinished upload the server already holds (to resume a cut upload).
CREATE FUNCTION fieldbook.blob_parts_held(sha text) RETURNS integer[]
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = fieldbook, pg_temp AS $$
    SELECT coalesce(array_agg(p.n ORDER BY p.n), '{}') FROM blob_parts p WHERE p.sha256 = sha
$$;

-- Stores part `n` of `parts`; with the last one the file is put together and its hash checked:
-- 'complete', or an error when it does not match (its parts are dropped: upload it again).
CREATE FUNCTION fieldbook.blob_put(blob text, part_no integer, part_count integer, bytes bytea) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = fieldbook, pg_temp AS $$
DECLARE
    whole bytea;
    held integer;
BEGIN
    IF EXISTS (SELECT 1 FROM blobs b WHERE b.sha256 = blob) THEN
        RETURN 'complete';
    END IF;
    INSERT INTO blob_parts AS p (sha256, n, parts, data) VALUES (blob, part_no, part_count, bytes)
        ON CONFLICT (sha256, n) DO UPDATE SET data = excluded.data, parts = excluded.parts, at = now();
    SELECT count(*) INTO held FROM blob_parts p WHERE p.sha256 = blob AND p.parts = part_count;
    IF held < part_count THEN
        RETURN 'partial';
    END IF;
    SELECT string_agg(p.data, ''::bytea ORDER BY p.n) INTO whole FROM blob_parts p WHERE p.sha256 = blob;
    DELETE FROM blob_parts p WHERE p.sha256 = blob;
    IF encode(sha256(whole), 'hex') <> blob THEN
        RAISE EXCEPTION 'the file arrived damaged (its hash does not match); it will be sent again'
            USING ERRCODE = '22000';
    END IF;
    INSERT INTO blobs (sha256, size, data) VALUES (blob, length(whole), whole) ON CONFLICT DO NOTHING;
    RETURN 'complete';
END
$$;

-- Part `n` (of `part_size` bytes) of a blob, and its whole size; NULL when the server lacks it.
CREATE FUNCTION fieldbook.blob_get(sha text, n integer, part_size integer)
RETURNS TABLE (size bigint, part bytea)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = fieldbook, pg_temp AS $$
    SELECT b.size, substring(b.data FROM n * part_size + 1 FOR part_size) FROM blobs b WHERE b.sha256 = sha
$$;

REVOKE ALL ON FUNCTION fieldbook.blobs_missing(text[]) FROM PUBLIC;
REVOKE ALL ON FUNCTION fieldbook.blob_parts_held(text) FROM PUBLIC;
REVOKE ALL ON FUNCTION fieldbook.blob_put(text, integer, integer, bytea) FROM PUBLIC;
REVOKE ALL ON FUNCTION fieldbook.blob_get(text, integer, integer) FROM PUBLIC;

DO $$
DECLARE
    m text;
BEGIN
    FOR m IN SELECT DISTINCT grantee FROM information_schema.routine_privileges
        WHERE routine_schema = 'fieldbook' AND routine_name = 'pull' AND grantee <> current_user LOOP
        EXECUTE format('GRANT EXECUTE ON FUNCTION fieldbook.blobs_missing(text[]), fieldbook.blob_parts_held(text), '
            'fieldbook.blob_put(text, integer, integer, bytea), fieldbook.blob_get(text, integer, integer) TO %I', m);
    END LOOP;
END
$$;
