-- Shared credentials, hardened (server schema 6):
-- - a machine whose key pair was lost registers a new one: the old key is kept as a removed
--   device "(lost key)" and the machine waits for approval again (register_device);
-- - approving checks the public key the admin compared is still the machine's (approve_device
--   takes it);
-- - an edit or delete pushed for a reveal/copy audit row keeps the row's values under the
--   change's new number, so the machine that pushed it receives the row back (it was skipped,
--   and that machine kept its changed copy).
-- Append-only: never edit this file once it has shipped; add 0007_… instead.

UPDATE fieldbook.meta SET value = '6' WHERE key = 'schema';

-- Registers the calling login's device with its public key (again: nothing changes). A device id
-- registered by another login is refused. A new key for a device still in the team means the
-- machine lost its key pair (its keyring was emptied or replaced): the old key is kept as a removed
-- machine of its own (so the team's key changes at an admin's next sync, as after a removal, and
-- its approval stays on record), and the machine waits for an admin again under its new key. A
-- removed machine stays removed.
CREATE OR REPLACE FUNCTION fieldbook.register_device(dev text, device_name text, key text, print text) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = fieldbook, pg_temp AS $$
DECLARE
    d devices;
    retired text;
BEGIN
    SELECT * INTO d FROM devices WHERE device = dev FOR UPDATE;
    IF FOUND THEN
        IF d.login <> session_user THEN
            RAISE EXCEPTION 'this machine''s id is registered with another login' USING ERRCODE = '42501';
        END IF;
        IF d.recipient <> key AND d.kind <> 'machine' THEN
            RAISE EXCEPTION 'a recovery kit keeps its key' USING ERRCODE = '42501';
        END IF;
        IF d.recipient <> key AND d.removed_at IS NULL THEN
            retired := replace(gen_random_uuid()::text, '-', '');
            INSERT INTO devices (device, login, name, recipient, fingerprint, registered_at, approved_by, approved_at,
                                 removed_by, removed_at, kind)
                VALUES (retired, d.login, left(d.name, 189) || ' (lost key)', d.recipient, d.fingerprint, d.registered_at,
                        d.approved_by, d.approved_at, session_user, now(), d.kind);
            UPDATE vault_keys SET device = retired WHERE device = dev;
            IF EXISTS (SELECT 1 FROM vault v JOIN vault_keys k ON k.version = v.pending WHERE k.device = retired) THEN
                UPDATE vault SET pending = NULL WHERE pending IS NOT NULL;
            END IF;
            DELETE FROM vault_keys k WHERE k.device = retired AND k.version > (SELECT v.version FROM vault v);
            UPDATE devices SET name = device_name, recipient = key, fingerprint = print, registered_at = now(),
                               approved_by = NULL, approved_at = NULL
                WHERE device = dev;
            RETURN 'waiting';
        END IF;
        RETURN CASE WHEN d.removed_at IS NOT NULL THEN 'removed' WHEN d.approved_at IS NOT NULL THEN 'approved' ELSE 'waiting' END;
    END IF;
    INSERT INTO devices (device, login, name, recipient, fingerprint) VALUES (dev, session_user, device_name, key, print);
    RETURN 'waiting';
END
$$;

DROP FUNCTION fieldbook.approve_device(text, integer, bytea, bytea);
-- An admin approves a waiting device: the current key, wrapped for it on the admin's own
-- approved device. Refused for a removed device, or when the key version moved meanwhile.
CREATE FUNCTION fieldbook.approve_device(dev text, key_version integer, wrapped_key bytea, key_check bytea, key text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = fieldbook, pg_temp AS $$
DECLARE
    d devices;
    cur vault;
BEGIN
    IF NOT is_admin() THEN
        RAISE EXCEPTION 'only an admin can approve a machine' USING ERRCODE = '42501';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM devices a JOIN vault v ON true JOIN vault_keys k ON k.device = a.device AND k.version = v.version
                   WHERE a.login = session_user AND a.approved_at IS NOT NULL AND a.removed_at IS NULL) THEN
        RAISE EXCEPTION 'approve from a machine of yours that can read the team''s passwords' USING ERRCODE = '42501';
    END IF;
    SELECT * INTO d FROM devices WHERE device = dev FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no such machine' USING ERRCODE = '22000';
    END IF;
    IF d.removed_at IS NOT NULL THEN
        RAISE EXCEPTION 'that machine was removed from the team' USING ERRCODE = '22000';
    END IF;
    -- The key the admin compared and wrapped for is still the machine's (it may have registered
    -- a new one meanwhile).
    IF d.recipient <> key THEN
        RAISE EXCEPTION 'that machine registered a new key meanwhile; compare its fingerprint again' USING ERRCODE = '40001';
    END IF;
    SELECT * INTO cur FROM vault FOR SHARE;
    IF cur.pending IS NOT NULL OR rotation_needed() THEN
        RAISE EXCEPTION 'the team''s key is being changed (a machine was removed); approve again once that is done'
            USING ERRCODE = '40001';
    END IF;
    IF cur.version IS DISTINCT FROM key_version THEN
        RAISE EXCEPTION 'the team''s key changed meanwhile; approve again' USING ERRCODE = '40001';
    END IF;
    IF NOT key_check_ok(key_version, key_check) THEN
        RAISE EXCEPTION 'the key this machine holds is not the team''s' USING ERRCODE = '22000';
    END IF;
    INSERT INTO vault_keys (version, device, wrapped) VALUES (key_version, dev, wrapped_key)
        ON CONFLICT (version, device) DO UPDATE SET wrapped = excluded.wrapped;
    UPDATE devices SET approved_by = session_user, approved_at = coalesce(approved_at, now()) WHERE device = dev;
END
$$;

-- The reveal and copy audit stays append-only; see the header.
CREATE OR REPLACE FUNCTION fieldbook.secret_audit_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF NOT NEW.deleted AND (OLD.fields->'actor_id' IS NULL OR OLD.fields->'actor_id' = 'null'::jsonb)
       AND (NEW.fields - 'actor_id') = (OLD.fields - 'actor_id') THEN
        RETURN NEW;
    END IF;
    IF NEW.fields = OLD.fields AND NEW.deleted = OLD.deleted THEN
        RETURN NEW;
    END IF;
    NEW.fields := OLD.fields;
    NEW.deleted := OLD.deleted;
    RETURN NEW;
END
$$;

REVOKE ALL ON FUNCTION fieldbook.approve_device(text, integer, bytea, bytea, text) FROM PUBLIC;

-- Existing members may call the new approve_device (admins with the right to pass it on).
DO $$
DECLARE
    m record;
BEGIN
    FOR m IN SELECT DISTINCT grantee, is_grantable FROM information_schema.routine_privileges
        WHERE routine_schema = 'fieldbook' AND routine_name = 'pull' AND grantee <> current_user LOOP
        EXECUTE format('GRANT EXECUTE ON FUNCTION fieldbook.approve_device(text, integer, bytea, bytea, text) TO %I%s',
            m.grantee, CASE WHEN m.is_grantable = 'YES' THEN ' WITH GRANT OPTION' ELSE '' END);
    END LOOP;
END
$$;
