-- Server schema 5: shared credentials. The server holds only ciphertext of passwords: each value
-- is sealed on a machine (XChaCha20-Poly1305) under the team's vault key of a version, bound to
-- the data set, the secret, its system and field and the version (associated data). The vault
-- key itself is stored once per approved device, wrapped to that device's public key (age
-- X25519); the private key never leaves the device's OS keyring. An admin approves a new device
-- after comparing its fingerprint on both screens, by wrapping the key for it from an approved
-- device of their own. Only the functions below touch these tables, and they check who calls.
-- Append-only: never edit this file once it has shipped; add 0006_… instead.

UPDATE fieldbook.meta SET value = '5' WHERE key = 'schema';

-- Machines of the team and their public keys.
CREATE TABLE fieldbook.devices (
    device        text PRIMARY KEY CHECK (device ~ '^[0-9a-f]{32}$'),
    login         text NOT NULL,
    name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    -- the age X25519 recipient (age1…)
    recipient     text NOT NULL CHECK (recipient ~ '^age1[0-9a-z]{58}$'),
    fingerprint   text NOT NULL,
    registered_at timestamptz NOT NULL DEFAULT now(),
    approved_by   text,
    approved_at   timestamptz,
    removed_by    text,
    removed_at    timestamptz,
    -- a machine, or a recovery kit (a key pair printed on paper under a passphrase, kept by the
    -- owner: it is given every new key like a machine, and lets an admin's new machine in when
    -- every admin's machine is lost)
    kind          text NOT NULL DEFAULT 'machine' CHECK (kind IN ('machine', 'recovery'))
);

-- The current key version (no row: no vault yet), and the next one while a rotation (after a
-- machine was removed) re-seals the values: it ends when none is sealed under an older version.
CREATE TABLE fieldbook.vault (
    one     boolean PRIMARY KEY DEFAULT true CHECK (one),
    version integer NOT NULL CHECK (version > 0),
    pending integer CHECK (pending > version),
    -- the highest version ever started: a rotation given up (a machine removed while it ran,
    -- which may hold its key) is never reused
    started integer NOT NULL DEFAULT 1
);

-- The vault key of each version, wrapped for each device that may read it.
CREATE TABLE fieldbook.vault_keys (
    version integer NOT NULL,
    device  text NOT NULL REFERENCES fieldbook.devices (device),
    wrapped bytea NOT NULL,
    PRIMARY KEY (version, device)
);

-- A check value per key version: HMAC-SHA-256 of a fixed text under the key, set by the machine
-- that made the key. Whoever passes a key on (approving, restoring, printing a kit) shows it, so
-- a key that is not the team's is refused instead of being handed out.
CREATE TABLE fieldbook.vault_checks (
    version     integer PRIMARY KEY,
    check_value bytea NOT NULL
);

-- Sealed values, numbered in commit order like changes (one counter row, locked to commit).
CREATE TABLE fieldbook.secret_counter (
    one boolean PRIMARY KEY DEFAULT true CHECK (one),
    seq bigint NOT NULL
);
INSERT INTO fieldbook.secret_counter (one, seq) VALUES (true, 0);

CREATE TABLE fieldbook.secret_values (
    secret  uuid PRIMARY KEY,
    version integer NOT NULL,
    nonce   bytea NOT NULL CHECK (length(nonce) = 24),
    sealed  bytea NOT NULL CHECK (length(sealed) BETWEEN 16 AND 70000),
    seq     bigint NOT NULL UNIQUE,
    by_login text NOT NULL,
    by_device text NOT NULL,
    at      timestamptz NOT NULL DEFAULT now()
);

-- Whether `key_check` is the check value of key `version` (versions from before checks: yes).
CREATE FUNCTION fieldbook.key_check_ok(version integer, key_check bytea) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = fieldbook, pg_temp AS $$
    SELECT coalesce((SELECT c.check_value = key_check FROM vault_checks c WHERE c.version = key_check_ok.version), true)
$$;

-- Whether the caller is an admin: the server's owner, or a member added as admin (CREATEROLE).
CREATE FUNCTION fieldbook.is_admin() RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = fieldbook, pg_temp AS $$
    SELECT coalesce((SELECT r.rolsuper OR r.rolcreaterole FROM pg_roles r WHERE r.rolname = session_user), false)
        OR session_user = (SELECT pg_get_userbyid(n.nspowner) FROM pg_namespace n WHERE n.nspname = 'fieldbook')
$$;

-- Whether a removed machine holds the current key (the removal's key change has not started,
-- or was given up): an admin's machine starts one.
CREATE FUNCTION fieldbook.rotation_needed() RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = fieldbook, pg_temp AS $$
    SELECT EXISTS (SELECT 1 FROM vault v JOIN vault_keys k ON k.version = v.version
                   JOIN devices d ON d.device = k.device WHERE d.removed_at IS NOT NULL)
        AND NOT EXISTS (SELECT 1 FROM vault v WHERE v.pending IS NOT NULL)
$$;

-- The idle check (0004's `check`) with the vault's state for the calling device: the newest
-- sealed value, whether the device is registered, waiting, approved or removed, the current key
-- version and whether the device has it, and how many devices wait for an admin.
CREATE FUNCTION fieldbook.check_vault(n bigint, dev text)
RETURNS TABLE (data_set_id text, schema integer, stamp uuid, newest bigint, secrets_newest bigint,
               device_state text, key_version integer, has_key boolean, waiting integer, admin boolean,
               rotating_to integer, rotation_needed boolean)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = fieldbook, pg_temp AS $$
    SELECT (SELECT m.value FROM meta m WHERE m.key = 'data_set_id'),
           (SELECT m.value::integer FROM meta m WHERE m.key = 'schema'),
           (SELECT ch.stamp FROM changes ch WHERE ch.seq = n),
           (SELECT c.seq FROM counter c),
           (SELECT s.seq FROM secret_counter s),
           coalesce((SELECT CASE WHEN d.removed_at IS NOT NULL THEN 'removed'
                                 WHEN d.approved_at IS NOT NULL THEN 'approved'
                                 ELSE 'waiting' END
                     FROM devices d WHERE d.device = dev AND d.login = session_user), 'none'),
           (SELECT v.version FROM vault v),
           EXISTS (SELECT 1 FROM vault v JOIN vault_keys k ON k.version = v.version AND k.device = dev),
           (SELECT count(*)::integer FROM devices d WHERE d.approved_at IS NULL AND d.removed_at IS NULL),
           is_admin(),
           (SELECT v.pending FROM vault v),
           rotation_needed()
$$;

-- Registers the calling login's device with its public key (again: nothing changes). A device id
-- registered by another login is refused.
CREATE FUNCTION fieldbook.register_device(dev text, device_name text, key text, print text) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = fieldbook, pg_temp AS $$
DECLARE
    d devices;
BEGIN
    SELECT * INTO d FROM devices WHERE device = dev;
    IF FOUND THEN
        IF d.login <> session_user OR d.recipient <> key THEN
            RAISE EXCEPTION 'this machine''s id is registered with another login or key' USING ERRCODE = '42501';
        END IF;
        RETURN CASE WHEN d.removed_at IS NOT NULL THEN 'removed' WHEN d.approved_at IS NOT NULL THEN 'approved' ELSE 'waiting' END;
    END IF;
    INSERT INTO devices (device, login, name, recipient, fingerprint) VALUES (dev, session_user, device_name, key, print);
    RETURN 'waiting';
END
$$;

-- Starts the vault (version 1) with the key wrapped for the calling admin's own device, which is
-- approved by it. Refused when a vault exists (the caller then waits for approval like anyone).
CREATE FUNCTION fieldbook.start_vault(dev text, wrapped_key bytea, key_check bytea) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = fieldbook, pg_temp AS $$
BEGIN
    IF NOT is_admin() THEN
        RAISE EXCEPTION 'only an admin''s machine can start the team''s password vault' USING ERRCODE = '42501';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM devices d WHERE d.device = dev AND d.login = session_user AND d.removed_at IS NULL) THEN
        RAISE EXCEPTION 'this machine is not registered with the team server' USING ERRCODE = '22000';
    END IF;
    LOCK TABLE vault IN EXCLUSIVE MODE;
    IF EXISTS (SELECT 1 FROM vault) THEN
        RETURN 0;
    END IF;
    INSERT INTO vault (one, version) VALUES (true, 1);
    INSERT INTO vault_checks (version, check_value) VALUES (1, key_check);
    INSERT INTO vault_keys (version, device, wrapped) VALUES (1, dev, wrapped_key);
    UPDATE devices SET approved_by = session_user, approved_at = now() WHERE device = dev;
    RETURN 1;
END
$$;

-- The devices of the team, for the screens that list them (public keys and fingerprints only).
CREATE FUNCTION fieldbook.devices()
RETURNS TABLE (device text, login text, name text, recipient text, fingerprint text, registered_at timestamptz,
               approved_by text, approved_at timestamptz, removed_by text, removed_at timestamptz, has_key boolean,
               kind text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = fieldbook, pg_temp AS $$
    SELECT d.device, d.login, d.name, d.recipient, d.fingerprint, d.registered_at, d.approved_by, d.approved_at,
           d.removed_by, d.removed_at,
           EXISTS (SELECT 1 FROM vault v JOIN vault_keys k ON k.version = v.version AND k.device = d.device),
           d.kind
    FROM devices d ORDER BY d.registered_at, d.device
$$;

-- The calling device's wrapped keys (every version it was given), newest first.
CREATE FUNCTION fieldbook.device_keys(dev text)
RETURNS TABLE (version integer, wrapped bytea)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = fieldbook, pg_temp AS $$
    SELECT k.version, k.wrapped FROM vault_keys k JOIN devices d ON d.device = k.device
    WHERE k.device = dev AND d.login = session_user AND d.removed_at IS NULL AND d.kind = 'machine'
    ORDER BY k.version DESC
$$;

-- An admin approves a waiting device: the current key, wrapped for it on the admin's own
-- approved device. Refused for a removed device, or when the key version moved meanwhile.
CREATE FUNCTION fieldbook.approve_device(dev text, key_version integer, wrapped_key bytea, key_check bytea) RETURNS void
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

-- Stores sealed values: [{"secret", "version", "nonce", "sealed"} (hex)], from an approved device
-- under the current key version. A value already held is left (a secret's value never changes:
-- a new password is a new secret).
CREATE FUNCTION fieldbook.put_secrets(dev text, batch jsonb) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = fieldbook, pg_temp AS $$
DECLARE
    e jsonb;
    next bigint;
    current integer;
    stored integer := 0;
BEGIN
    IF NOT device_reads(dev) THEN
        RAISE EXCEPTION 'this machine is not approved to share passwords' USING ERRCODE = '42501';
    END IF;
    -- While a key change runs, new values are sealed under the new key (the old one may be held
    -- by the removed machine).
    SELECT coalesce(v.pending, v.version) INTO current FROM vault v FOR SHARE;
    IF rotation_needed() THEN
        RAISE EXCEPTION 'the team''s key is about to change (a machine was removed)' USING ERRCODE = '40001';
    END IF;
    FOR e IN SELECT value FROM jsonb_array_elements(batch) LOOP
        IF (e->>'version')::integer IS DISTINCT FROM current THEN
            RAISE EXCEPTION 'the team''s key changed meanwhile' USING ERRCODE = '40001';
        END IF;
        IF EXISTS (SELECT 1 FROM secret_values s WHERE s.secret = (e->>'secret')::uuid) THEN
            CONTINUE;
        END IF;
        UPDATE secret_counter SET seq = seq + 1 RETURNING seq INTO next;
        INSERT INTO secret_values (secret, version, nonce, sealed, seq, by_login, by_device)
            VALUES ((e->>'secret')::uuid, current, decode(e->>'nonce', 'hex'), decode(e->>'sealed', 'hex'), next,
                    session_user, dev);
        stored := stored + 1;
    END LOOP;
    RETURN stored;
END
$$;

-- Whether `dev` is the caller's approved machine, not removed (only those fetch sealed values).
CREATE FUNCTION fieldbook.device_reads(dev text) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = fieldbook, pg_temp AS $$
    SELECT EXISTS (SELECT 1 FROM devices d WHERE d.device = dev AND d.login = session_user
                   AND d.approved_at IS NOT NULL AND d.removed_at IS NULL AND d.kind = 'machine')
$$;

-- Sealed values after `after`, in order; or those of `ids` (a value that arrived before its row),
-- with whether their secret is live (a deleted secret's value is not needed).
CREATE FUNCTION fieldbook.pull_secrets(dev text, after bigint, lim integer)
RETURNS TABLE (seq bigint, secret uuid, version integer, nonce bytea, sealed bytea, live boolean)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = fieldbook, pg_temp AS $$
BEGIN
    IF NOT device_reads(dev) THEN
        RAISE EXCEPTION 'this machine is not approved to read the team''s passwords' USING ERRCODE = '42501';
    END IF;
    RETURN QUERY SELECT s.seq, s.secret, s.version, s.nonce, s.sealed, secret_live(s.secret) FROM secret_values s
        WHERE s.seq > after ORDER BY s.seq LIMIT least(greatest(lim, 1), 5000);
END
$$;

CREATE FUNCTION fieldbook.secret_values_of(dev text, ids uuid[])
RETURNS TABLE (seq bigint, secret uuid, version integer, nonce bytea, sealed bytea, live boolean)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = fieldbook, pg_temp AS $$
BEGIN
    IF NOT device_reads(dev) THEN
        RAISE EXCEPTION 'this machine is not approved to read the team''s passwords' USING ERRCODE = '42501';
    END IF;
    RETURN QUERY SELECT s.seq, s.secret, s.version, s.nonce, s.sealed, secret_live(s.secret) FROM secret_values s
        WHERE s.secret = ANY (ids);
END
$$;

-- Rotation, by an admin on an approved machine of theirs that holds the current key.
CREATE FUNCTION fieldbook.admin_device_ok(dev text) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = fieldbook, pg_temp AS $$
    SELECT is_admin() AND EXISTS (
        SELECT 1 FROM devices d JOIN vault v ON true JOIN vault_keys k ON k.device = d.device AND k.version = v.version
        WHERE d.device = dev AND d.login = session_user AND d.removed_at IS NULL AND d.kind = 'machine')
$$;

-- Removes a machine from the team's passwords (it keeps nothing new: the key changes next). An
-- admin only; a machine cannot remove itself.
CREATE FUNCTION fieldbook.remove_device(my_dev text, dev text) RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER SET search_path = fieldbook, pg_temp AS $$
DECLARE
    d devices;
BEGIN
    IF NOT admin_device_ok(my_dev) THEN
        RAISE EXCEPTION 'only an admin can remove a machine, from a machine of theirs that reads the team''s passwords'
            USING ERRCODE = '42501';
    END IF;
    IF dev = my_dev THEN
        RAISE EXCEPTION 'a machine cannot remove itself; remove it from another admin''s machine' USING ERRCODE = '22000';
    END IF;
    SELECT * INTO d FROM devices WHERE device = dev FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no such machine' USING ERRCODE = '22000';
    END IF;
    UPDATE devices SET removed_by = coalesce(removed_by, session_user), removed_at = coalesce(removed_at, now())
        WHERE device = dev;
    -- A key change under way was wrapped for this machine too (it may have fetched it): it is given
    -- up, and the next one (a version never used) leaves this machine out.
    IF EXISTS (SELECT 1 FROM vault v JOIN vault_keys k ON k.version = v.pending WHERE k.device = dev) THEN
        UPDATE vault SET pending = NULL WHERE pending IS NOT NULL;
    END IF;
    DELETE FROM vault_keys k WHERE k.device = dev AND k.version > (SELECT v.version FROM vault v);
    -- Whether it could read the team's passwords.
    RETURN d.approved_at IS NOT NULL;
END
$$;

-- Starts a rotation: the next key version, wrapped for every machine that stays
-- ([{"device", "wrapped"} (hex)]). Refused when a machine was approved meanwhile (it would miss
-- the key) or a rotation is under way (it is resumed instead).
CREATE FUNCTION fieldbook.start_rotation(my_dev text, keys jsonb, key_check bytea) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = fieldbook, pg_temp AS $$
DECLARE
    v vault;
    missing integer;
BEGIN
    IF NOT admin_device_ok(my_dev) THEN
        RAISE EXCEPTION 'only an admin can change the team''s key' USING ERRCODE = '42501';
    END IF;
    SELECT * INTO v FROM vault FOR UPDATE;
    IF v.pending IS NOT NULL THEN
        RETURN v.pending;
    END IF;
    SELECT count(*) INTO missing FROM devices d
        WHERE d.approved_at IS NOT NULL AND d.removed_at IS NULL
          AND NOT EXISTS (SELECT 1 FROM jsonb_array_elements(keys) k WHERE k.value->>'device' = d.device);
    IF missing > 0 THEN
        RAISE EXCEPTION 'a machine was approved meanwhile; start again' USING ERRCODE = '40001';
    END IF;
    INSERT INTO vault_keys (version, device, wrapped)
        SELECT v.started + 1, k.value->>'device', decode(k.value->>'wrapped', 'hex')
        FROM jsonb_array_elements(keys) k JOIN devices d ON d.device = k.value->>'device' AND d.removed_at IS NULL
        ON CONFLICT (version, device) DO UPDATE SET wrapped = excluded.wrapped;
    INSERT INTO vault_checks (version, check_value) VALUES (v.started + 1, key_check);
    UPDATE vault SET pending = v.started + 1, started = v.started + 1;
    RETURN v.started + 1;
END
$$;

-- Whether a value's secret is a live record (not deleted): a value of a deleted secret is
-- dropped by a rotation rather than sealed anew.
CREATE FUNCTION fieldbook.secret_live(id uuid) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = fieldbook, pg_temp AS $$
    SELECT EXISTS (SELECT 1 FROM records r WHERE r.tbl = 'secrets'
                   AND r.key = '["' || replace(id::text, '-', '') || '"]' AND NOT r.deleted)
$$;

-- Values still sealed under an older version than `below`, a batch at a time, after `after`.
CREATE FUNCTION fieldbook.secrets_to_reseal(my_dev text, below integer, after uuid, lim integer)
RETURNS TABLE (secret uuid, version integer, nonce bytea, sealed bytea, live boolean)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = fieldbook, pg_temp AS $$
BEGIN
    IF NOT admin_device_ok(my_dev) THEN
        RAISE EXCEPTION 'only an admin can change the team''s key' USING ERRCODE = '42501';
    END IF;
    RETURN QUERY SELECT s.secret, s.version, s.nonce, s.sealed, secret_live(s.secret) FROM secret_values s
        WHERE s.version < below AND s.secret > after ORDER BY s.secret LIMIT least(greatest(lim, 1), 1000);
END
$$;

-- Stores values re-sealed under the pending version (numbered anew, so machines fetch them).
CREATE FUNCTION fieldbook.reseal_secrets(my_dev text, new_version integer, batch jsonb) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = fieldbook, pg_temp AS $$
DECLARE
    e jsonb;
    next bigint;
    done integer := 0;
BEGIN
    IF NOT admin_device_ok(my_dev) THEN
        RAISE EXCEPTION 'only an admin can change the team''s key' USING ERRCODE = '42501';
    END IF;
    IF (SELECT v.pending FROM vault v FOR SHARE) IS DISTINCT FROM new_version THEN
        RAISE EXCEPTION 'no change of the team''s key is under way' USING ERRCODE = '40001';
    END IF;
    FOR e IN SELECT value FROM jsonb_array_elements(batch) LOOP
        IF (e->>'drop')::boolean THEN
            -- The value of a deleted secret (nobody needs it), or one that does not open under the
            -- key it names (changed on the server: nobody can read it; its machine sends it anew).
            DELETE FROM secret_values s WHERE s.secret = (e->>'secret')::uuid
                AND (NOT secret_live(s.secret) OR coalesce((e->>'unreadable')::boolean, false));
            CONTINUE;
        END IF;
        PERFORM 1 FROM secret_values s WHERE s.secret = (e->>'secret')::uuid AND s.version < new_version FOR UPDATE;
        IF NOT FOUND THEN
            CONTINUE;
        END IF;
        UPDATE secret_counter SET seq = seq + 1 RETURNING seq INTO next;
        UPDATE secret_values SET version = new_version, nonce = decode(e->>'nonce', 'hex'),
                sealed = decode(e->>'sealed', 'hex'), seq = next
            WHERE secret = (e->>'secret')::uuid;
        done := done + 1;
    END LOOP;
    RETURN done;
END
$$;

-- Ends a rotation when no value is left under an older version (false: reseal more first).
CREATE FUNCTION fieldbook.finish_rotation(my_dev text, new_version integer) RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER SET search_path = fieldbook, pg_temp AS $$
BEGIN
    IF NOT admin_device_ok(my_dev) THEN
        RAISE EXCEPTION 'only an admin can change the team''s key' USING ERRCODE = '42501';
    END IF;
    PERFORM 1 FROM vault v WHERE v.pending = new_version FOR UPDATE;
    IF NOT FOUND THEN
        RETURN (SELECT v.version FROM vault v) >= new_version;
    END IF;
    IF EXISTS (SELECT 1 FROM secret_values s WHERE s.version < new_version) THEN
        RETURN false;
    END IF;
    UPDATE vault SET version = new_version, pending = NULL;
    -- Older keys open nothing any more.
    DELETE FROM vault_keys k WHERE k.version < new_version;
    RETURN true;
END
$$;

-- A recovery kit: its public key, given the current key (wrapped for it on the admin's machine).
CREATE FUNCTION fieldbook.add_recovery_kit(my_dev text, kit text, kit_name text, key text, print text,
                                           key_version integer, wrapped_key bytea, key_check bytea) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = fieldbook, pg_temp AS $$
DECLARE
    cur vault;
BEGIN
    IF NOT admin_device_ok(my_dev) THEN
        RAISE EXCEPTION 'only an admin can print a recovery kit, from a machine of theirs that reads the team''s passwords'
            USING ERRCODE = '42501';
    END IF;
    SELECT * INTO cur FROM vault FOR SHARE;
    IF cur.pending IS NOT NULL OR rotation_needed() OR cur.version IS DISTINCT FROM key_version THEN
        RAISE EXCEPTION 'the team''s key is being changed; print the kit once that is done' USING ERRCODE = '40001';
    END IF;
    IF NOT key_check_ok(key_version, key_check) THEN
        RAISE EXCEPTION 'the key this machine holds is not the team''s' USING ERRCODE = '22000';
    END IF;
    INSERT INTO devices (device, login, name, recipient, fingerprint, approved_by, approved_at, kind)
        VALUES (kit, session_user, kit_name, key, print, session_user, now(), 'recovery');
    INSERT INTO vault_keys (version, device, wrapped) VALUES (key_version, kit, wrapped_key);
END
$$;

-- The keys a recovery kit holds (every version it was given: the current one, and a pending or
-- given-up key change's), wrapped for it (useless without the kit and its passphrase).
CREATE FUNCTION fieldbook.kit_key(kit text) RETURNS TABLE (version integer, wrapped bytea)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = fieldbook, pg_temp AS $$
BEGIN
    IF NOT is_admin() THEN
        RAISE EXCEPTION 'only an admin can restore with a recovery kit' USING ERRCODE = '42501';
    END IF;
    RETURN QUERY SELECT k.version, k.wrapped FROM vault_keys k JOIN devices d ON d.device = k.device
        WHERE k.device = kit AND d.kind = 'recovery' AND d.removed_at IS NULL ORDER BY k.version;
END
$$;

-- An admin's machine lets itself in with a recovery kit: the current key, opened with the kit
-- on that machine, wrapped for the machine itself.
CREATE FUNCTION fieldbook.recover_with_kit(my_dev text, kit text, keys jsonb)
RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = fieldbook, pg_temp AS $$
DECLARE
    cur vault;
BEGIN
    IF NOT is_admin() THEN
        RAISE EXCEPTION 'only an admin can restore with a recovery kit' USING ERRCODE = '42501';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM devices d WHERE d.device = my_dev AND d.login = session_user
                   AND d.removed_at IS NULL AND d.kind = 'machine') THEN
        RAISE EXCEPTION 'this machine is not registered with the team server' USING ERRCODE = '22000';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM devices d WHERE d.device = kit AND d.kind = 'recovery' AND d.removed_at IS NULL) THEN
        RAISE EXCEPTION 'that recovery kit is not the team''s (or it was withdrawn)' USING ERRCODE = '22000';
    END IF;
    SELECT * INTO cur FROM vault FOR SHARE;
    -- Every version the kit holds, so this machine can also finish a key change under way.
    IF EXISTS (SELECT 1 FROM vault_keys k WHERE k.device = kit
               AND NOT EXISTS (SELECT 1 FROM jsonb_array_elements(keys) e WHERE (e.value->>'version')::integer = k.version))
       OR NOT EXISTS (SELECT 1 FROM jsonb_array_elements(keys) e WHERE (e.value->>'version')::integer = cur.version) THEN
        RAISE EXCEPTION 'the team''s key changed meanwhile; try again' USING ERRCODE = '40001';
    END IF;
    IF EXISTS (SELECT 1 FROM jsonb_array_elements(keys) e
               WHERE NOT key_check_ok((e.value->>'version')::integer, decode(coalesce(e.value->>'check', ''), 'hex'))) THEN
        RAISE EXCEPTION 'the key this recovery kit opened is not the team''s' USING ERRCODE = '22000';
    END IF;
    INSERT INTO vault_keys (version, device, wrapped)
        SELECT (e.value->>'version')::integer, my_dev, decode(e.value->>'wrapped', 'hex')
        FROM jsonb_array_elements(keys) e
        WHERE EXISTS (SELECT 1 FROM vault_keys k WHERE k.device = kit AND k.version = (e.value->>'version')::integer)
        ON CONFLICT (version, device) DO UPDATE SET wrapped = excluded.wrapped;
    UPDATE devices SET approved_by = session_user || ' (recovery kit)', approved_at = coalesce(approved_at, now())
        WHERE device = my_dev;
END
$$;

REVOKE ALL ON FUNCTION fieldbook.add_recovery_kit(text, text, text, text, text, integer, bytea, bytea) FROM PUBLIC;
REVOKE ALL ON FUNCTION fieldbook.kit_key(text) FROM PUBLIC;
REVOKE ALL ON FUNCTION fieldbook.recover_with_kit(text, text, jsonb) FROM PUBLIC;
REVOKE ALL ON FUNCTION fieldbook.admin_device_ok(text) FROM PUBLIC;
REVOKE ALL ON FUNCTION fieldbook.remove_device(text, text) FROM PUBLIC;
REVOKE ALL ON FUNCTION fieldbook.start_rotation(text, jsonb, bytea) FROM PUBLIC;
REVOKE ALL ON FUNCTION fieldbook.secrets_to_reseal(text, integer, uuid, integer) FROM PUBLIC;
REVOKE ALL ON FUNCTION fieldbook.secret_live(uuid) FROM PUBLIC;
REVOKE ALL ON FUNCTION fieldbook.reseal_secrets(text, integer, jsonb) FROM PUBLIC;
REVOKE ALL ON FUNCTION fieldbook.finish_rotation(text, integer) FROM PUBLIC;
-- The reveal and copy audit is append-only on the server: a row, once there, changes only to
-- name the staff member of an old free-text actor (staff linking); a delete or any other edit
-- pushed for it is not applied (the pushing machine gets the row as it stands).
CREATE FUNCTION fieldbook.secret_audit_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF NOT NEW.deleted AND (OLD.fields->'actor_id' IS NULL OR OLD.fields->'actor_id' = 'null'::jsonb)
       AND (NEW.fields - 'actor_id') = (OLD.fields - 'actor_id') THEN
        RETURN NEW;
    END IF;
    IF NEW.fields = OLD.fields AND NEW.deleted = OLD.deleted THEN
        RETURN NEW;
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER secret_audit_append_only BEFORE UPDATE ON fieldbook.records
    FOR EACH ROW WHEN (OLD.tbl = 'secret_audit') EXECUTE FUNCTION fieldbook.secret_audit_append_only();

REVOKE ALL ON FUNCTION fieldbook.is_admin() FROM PUBLIC;
REVOKE ALL ON FUNCTION fieldbook.key_check_ok(integer, bytea) FROM PUBLIC;
REVOKE ALL ON FUNCTION fieldbook.check_vault(bigint, text) FROM PUBLIC;
REVOKE ALL ON FUNCTION fieldbook.register_device(text, text, text, text) FROM PUBLIC;
REVOKE ALL ON FUNCTION fieldbook.start_vault(text, bytea, bytea) FROM PUBLIC;
REVOKE ALL ON FUNCTION fieldbook.devices() FROM PUBLIC;
REVOKE ALL ON FUNCTION fieldbook.device_keys(text) FROM PUBLIC;
REVOKE ALL ON FUNCTION fieldbook.approve_device(text, integer, bytea, bytea) FROM PUBLIC;
REVOKE ALL ON FUNCTION fieldbook.put_secrets(text, jsonb) FROM PUBLIC;
REVOKE ALL ON FUNCTION fieldbook.pull_secrets(text, bigint, integer) FROM PUBLIC;
REVOKE ALL ON FUNCTION fieldbook.secret_values_of(text, uuid[]) FROM PUBLIC;
REVOKE ALL ON FUNCTION fieldbook.device_reads(text) FROM PUBLIC;
REVOKE ALL ON FUNCTION fieldbook.rotation_needed() FROM PUBLIC;

-- Existing members may call them too (admins with the right to pass it on).
DO $$
DECLARE
    m record;
BEGIN
    FOR m IN SELECT DISTINCT grantee, is_grantable FROM information_schema.routine_privileges
        WHERE routine_schema = 'fieldbook' AND routine_name = 'pull' AND grantee <> current_user LOOP
        EXECUTE format('GRANT EXECUTE ON FUNCTION fieldbook.is_admin(), fieldbook.key_check_ok(integer, bytea), fieldbook.check_vault(bigint, text), '
            'fieldbook.register_device(text, text, text, text), fieldbook.start_vault(text, bytea, bytea), fieldbook.devices(), '
            'fieldbook.device_keys(text), fieldbook.approve_device(text, integer, bytea, bytea), '
            'fieldbook.put_secrets(text, jsonb), fieldbook.pull_secrets(text, bigint, integer), '
            'fieldbook.secret_values_of(text, uuid[]), fieldbook.device_reads(text), fieldbook.rotation_needed(), '
            'fieldbook.admin_device_ok(text), fieldbook.add_recovery_kit(text, text, text, text, text, integer, bytea, bytea), '
            'fieldbook.kit_key(text), fieldbook.recover_with_kit(text, text, jsonb),  fieldbook.remove_device(text, text), '
            'fieldbook.start_rotation(text, jsonb, bytea), fieldbook.secrets_to_reseal(text, integer, uuid, integer), fieldbook.secret_live(uuid), '
            'fieldbook.reseal_secrets(text, integer, jsonb), fieldbook.finish_rotation(text, integer) TO %I%s', m.grantee,
            CASE WHEN m.is_grantable = 'YES' THEN ' WITH GRANT OPTION' ELSE '' END);
    END LOOP;
END
$$;
