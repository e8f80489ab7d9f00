//! Shared credentials end to end (issue "Shared credentials"): machines on one real PostgreSQL
//! server with the real OS keyring (GNOME Keyring under the test command). A password saved on
//! one machine reaches another only after an admin approved it by its fingerprint, travels
//! sealed (never in clear on the server, its dump or its log, nor in either SQLite file), and a
//! sealed value changed on the server gives a sentence for that one password only.
//!
//! One keyring serves every machine of a test: a machine's own copy is removed from it before
//! another machine is to receive the value, so what that machine reveals came from the vault.

mod common;

use common::team::TeamServer;
use common::{TestCore, assert_invalid};
use fieldbook_core::SecretId;
use fieldbook_core::secrets::{OsKeyring, SecretStore};
use fieldbook_core::sync::server;
use fieldbook_core::system_types::{FieldInput, FieldKind, SystemTypeInput};
use fieldbook_core::systems::{SecretChange, SecretUse, System, SystemInput};

/// A Router type with a password field and a system at a new organization, its password `value`.
async fn router_with_password(core: &TestCore, org: &str, value: &str) -> (System, SecretId) {
    let me = core.me().await;
    let types = core.system_types().list().await.unwrap();
    let t = match types.into_iter().find(|t| t.name == "Router") {
        Some(t) => t,
        None => {
            let field =
                |label: &str, kind| FieldInput { id: None, label: label.into(), kind, required: false };
            let input = SystemTypeInput {
                name: "Router".into(),
                fields: vec![field("Password", FieldKind::Secret)],
                confirm_removals: false,
            };
            core.system_types().create(input, &me).await.unwrap()
        }
    };
    let site = core.org(org).await;
    let input = SystemInput {
        organization_id: site.id,
        system_type_id: t.id,
        name: format!("{org} gateway"),
        notes: None,
        values: vec![],
        secrets: vec![SecretChange { field_id: t.fields[0].id, value: Some(value.into()) }],
    };
    let system = core.systems().create(input, &me).await.unwrap();
    let id = system.fields[0].secret.as_ref().unwrap().id;
    (system, id)
}

/// A member login (not an admin) and its address without the password.
async fn member(team: &TeamServer, login: &str) -> (String, String) {
    let admin = team.admin().await;
    let password = server::add_member(&admin, login, false).await.unwrap();
    admin.close().await;
    (team.url.replace("fieldbook_admin:pw@", &format!("{login}@")), password)
}

/// Every file of a machine's database (the WAL too) contains no `needle`.
fn file_lacks(core: &TestCore, needle: &str) {
    let db = core.database_path();
    for path in [db.to_owned(), db.with_extension("sqlite3-wal")] {
        if let Ok(bytes) = std::fs::read(&path) {
            assert!(
                !bytes.windows(needle.len()).any(|w| w == needle.as_bytes()),
                "{} holds the password",
                path.display()
            );
        }
    }
}

#[tokio::test]
async fn a_password_reaches_another_machine_only_after_an_admin_approves_it_and_never_in_clear() {
    let Some(team) = TeamServer::start().await else { return };
    // Statements and their parameters go to the server's log, to search it afterwards.
    let admin = team.admin().await;
    sqlx::query("ALTER DATABASE team SET log_statement = 'all'").execute(&admin).await.unwrap();
    let planted = format!("Planted-{}", uuid::Uuid::new_v4().simple());

    // The admin's machine publishes: it starts the vault and sends its password, sealed.
    let a = TestCore::with_me().await;
    let (system, secret) = router_with_password(&a, "Acme Dental", &planted).await;
    let published = a.team().publish(&team.url, "pw").await.unwrap();
    assert_eq!(published.passwords_sent, 1, "{published:?} {:?}", a.team().status().await.unwrap());
    let status = a.team().status().await.unwrap().passwords;
    assert_eq!((status.state.as_str(), status.admin), ("approved", true), "{status:?}");

    // A technician's laptop joins with its own login: everything but passwords arrives.
    let (ben_url, ben_password) = member(&team, "ben_field").await;
    let b = TestCore::with_me().await;
    b.team().join(&ben_url, &ben_password, false).await.unwrap();
    OsKeyring.delete(secret).unwrap();
    let waiting = b.team().status().await.unwrap().passwords;
    assert_eq!((waiting.state.as_str(), waiting.admin), ("waiting", false), "{waiting:?}");
    let fingerprint = waiting.fingerprint.clone().expect("a fingerprint to compare");
    let refused = b.systems().read_secret(secret, SecretUse::Reveal, &b.me().await).await.unwrap_err();
    assert!(
        refused.to_string().contains("an admin approves it") && refused.to_string().contains(&fingerprint),
        "{refused}"
    );

    // The admin sees the laptop waiting, with the same fingerprint, and approves it by it.
    let a_status = {
        a.team().sync().await.unwrap();
        a.team().status().await.unwrap().passwords
    };
    assert_eq!(a_status.waiting, 1, "{a_status:?}");
    let devices = a.team().devices().await.unwrap();
    let laptop = devices.iter().find(|d| d.login == "ben_field").expect("the laptop is listed");
    assert_eq!((laptop.fingerprint.as_str(), laptop.has_key), (fingerprint.as_str(), false));
    assert!(devices.iter().any(|d| d.this_machine && d.has_key), "{devices:?}");
    let approved = a.team().approve_device(&fingerprint).await.unwrap();
    assert!(approved.has_key && approved.approved_by.as_deref() == Some("fieldbook_admin"), "{approved:?}");

    // The laptop's next round brings the password into its keyring, and it is revealed there.
    let round = b.team().sync().await.unwrap();
    assert_eq!(round.passwords_received, 1, "{round:?}");
    let revealed = b.systems().read_secret(secret, SecretUse::Reveal, &b.me().await).await.unwrap();
    assert_eq!(revealed, planted);
    assert_eq!(b.team().status().await.unwrap().passwords.state, "approved");
    // The technician's machine reads the passwords but approves nobody: the server refuses.
    let a_fingerprint = a.team().status().await.unwrap().passwords.fingerprint.unwrap();
    let refused = b.team().approve_device(&a_fingerprint).await.unwrap_err();
    assert!(refused.to_string().contains("Only an admin"), "{refused}");

    // A password saved on the laptop goes the other way.
    let from_b = format!("Laptop-{}", uuid::Uuid::new_v4().simple());
    let (_, second) = router_with_password(&b, "Bolt Logistics", &from_b).await;
    assert_eq!(b.team().sync().await.unwrap().passwords_sent, 1);
    OsKeyring.delete(second).unwrap();
    assert_eq!(a.team().sync().await.unwrap().passwords_received, 1);
    assert_eq!(a.systems().read_secret(second, SecretUse::Reveal, &a.me().await).await.unwrap(), from_b);

    // The audit says who revealed it, and on which machine, on every machine…
    a.team().sync().await.unwrap();
    let trail = a.systems().audit_trail(system.id).await.unwrap();
    let reveal = trail.iter().find(|e| e.action == "reveal").expect("the laptop's reveal reached the office");
    assert!(reveal.machine.as_deref().is_some_and(|m| !m.is_empty()), "{reveal:?}");
    // Per member: what the one user of both machines did, across the team.
    let me = a.me().await;
    let theirs = a.systems().audit_of_staff(me.id, &me).await.unwrap();
    let technician = a.colleague("Tech Nician", fieldbook_core::staff::Role::Technician).await;
    assert!(a.systems().audit_of_staff(me.id, &technician).await.is_err(), "only admins see others' use");
    let reveals: Vec<(Option<&str>, Option<&str>)> = theirs
        .iter()
        .filter(|e| e.action == "reveal")
        .map(|e| (e.organization.as_deref(), e.system.as_deref()))
        .collect();
    assert_eq!(
        reveals,
        [
            (Some("Bolt Logistics"), Some("Bolt Logistics gateway")),
            (Some("Acme Dental"), Some("Acme Dental gateway"))
        ]
    );
    // …and stays on the server as it was, whatever a machine pushes for it (append-only).
    {
        use sqlx::{ConnectOptions, Connection};
        let mut conn =
            sqlx::sqlite::SqliteConnectOptions::new().filename(a.database_path()).connect().await.unwrap();
        sqlx::query("UPDATE secret_audit SET action = 'set' WHERE action = 'reveal'")
            .execute(&mut conn)
            .await
            .unwrap();
        sqlx::query("DELETE FROM secret_audit WHERE action = 'set'").execute(&mut conn).await.unwrap();
        conn.close().await.unwrap();
    }
    a.team().sync().await.unwrap();
    let admin = team.admin().await;
    let kept: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM fieldbook.records WHERE tbl = 'secret_audit' AND NOT deleted AND fields->>'action' = 'reveal'",
    )
    .fetch_one(&admin)
    .await
    .unwrap();
    assert_eq!(kept, 2, "the server's audit changed (two reveals, one on each machine)");
    admin.close().await;
    // The machine that changed its copy gets the server's back.
    let local = a.systems().audit_of_staff(me.id, &me).await.unwrap();
    assert_eq!(local.iter().filter(|e| e.action == "reveal").count(), 2, "{local:?}");

    // Nowhere in clear: not in the server's dump or log, nor in either machine's database.
    let dump = team.pg.dump("team");
    assert!(dump.contains("secret_values"), "the dump has the vault's tables");
    for value in [&planted, &from_b] {
        assert!(!dump.contains(value.as_str()), "pg_dump holds a password");
        let log = std::fs::read_to_string(team.pg.log_file()).unwrap();
        assert!(log.contains("put_secrets"), "the log has the calls");
        assert!(!log.contains(value.as_str()), "the server's log holds a password");
        file_lacks(&a, value);
        file_lacks(&b, value);
    }
    assert_eq!(system.fields[0].secret.as_ref().map(|s| s.id), Some(secret));
}

#[tokio::test]
async fn a_sealed_value_changed_on_the_server_fails_for_that_password_only() {
    let Some(team) = TeamServer::start().await else { return };
    let a = TestCore::with_me().await;
    let (_, kept) = router_with_password(&a, "Acme Dental", "kept-value-1").await;
    let (_, tampered) = router_with_password(&a, "Bolt Logistics", "tampered-value-2").await;
    a.team().publish(&team.url, "pw").await.unwrap();
    // One byte of one stored ciphertext changed on the server.
    let admin = team.admin().await;
    let changed = sqlx::query(
        "UPDATE fieldbook.secret_values
         SET sealed = set_byte(sealed, 0, (get_byte(sealed, 0) + 1) % 256) WHERE secret = $1",
    )
    .bind(uuid::Uuid::parse_str(&tampered.to_string()).unwrap())
    .execute(&admin)
    .await
    .unwrap();
    assert_eq!(changed.rows_affected(), 1);

    let (url, password) = member(&team, "cy_office").await;
    let c = TestCore::with_me().await;
    c.team().join(&url, &password, false).await.unwrap();
    OsKeyring.delete(kept).unwrap();
    OsKeyring.delete(tampered).unwrap();
    let fingerprint = c.team().status().await.unwrap().passwords.fingerprint.unwrap();
    a.team().approve_device(&fingerprint).await.unwrap();
    let round = c.team().sync().await.unwrap();
    assert_eq!(round.passwords_received, 1, "{round:?}");
    let me = c.me().await;
    assert_eq!(c.systems().read_secret(kept, SecretUse::Reveal, &me).await.unwrap(), "kept-value-1");
    let e = c.systems().read_secret(tampered, SecretUse::Reveal, &me).await.unwrap_err();
    assert!(e.to_string().contains("could not be opened"), "{e}");
    // The round itself went well: the other password and the records arrived.
    let status = c.team().status().await.unwrap();
    assert!(status.last_error.is_none() && status.passwords.error.is_none(), "{status:?}");
}

/// A machine's device id (from the admin's list, by its fingerprint).
async fn device_id(admin: &TestCore, machine: &TestCore) -> String {
    let fingerprint = machine.team().status().await.unwrap().passwords.fingerprint.unwrap();
    let devices = admin.team().devices().await.unwrap();
    devices.into_iter().find(|d| d.fingerprint == fingerprint).expect("listed").device
}

/// A machine's private key, read from the keyring as the machine itself would.
fn identity_of(device: &str) -> age::x25519::Identity {
    let entry = keyring::Entry::new("fieldbook", &format!("team-device:{device}")).unwrap();
    entry.get_password().unwrap().parse().unwrap()
}

/// How many of the server's sealed values `device` opens with the keys the server holds for it
/// and its own private key (what it could read, whatever its keyring holds).
async fn readable_by(team: &TeamServer, admin: &TestCore, device: &str) -> (usize, usize) {
    use fieldbook_core::sync::vault::{bound_to, open};
    let pool = team.admin().await;
    let identity = identity_of(device);
    let keys: Vec<(i32, Vec<u8>)> =
        sqlx::query_as("SELECT version, wrapped FROM fieldbook.vault_keys WHERE device = $1")
            .bind(device)
            .fetch_all(&pool)
            .await
            .unwrap();
    let keys: std::collections::HashMap<i32, [u8; 32]> = keys
        .into_iter()
        .filter_map(|(v, w)| age::decrypt(&identity, &w).ok().and_then(|k| k.try_into().ok()).map(|k| (v, k)))
        .collect();
    let values: Vec<(uuid::Uuid, i32, Vec<u8>, Vec<u8>)> =
        sqlx::query_as("SELECT secret, version, nonce, sealed FROM fieldbook.secret_values")
            .fetch_all(&pool)
            .await
            .unwrap();
    let data_set = admin.team().status().await.unwrap().data_set_id.unwrap();
    let mut opened = 0;
    for (secret, version, nonce, sealed) in &values {
        let id: SecretId = secret.to_string().parse().unwrap();
        let Some(system) = admin.secret_owner(id).await else { continue };
        let aad = bound_to(&data_set, id, system.0, system.1, *version);
        if keys.get(version).and_then(|k| open(k, &aad, nonce, sealed)).is_some() {
            opened += 1;
        }
    }
    pool.close().await;
    (opened, values.len())
}

#[tokio::test]
async fn a_removed_machine_cannot_open_what_is_saved_after_and_its_passwords_are_listed_to_change() {
    let Some(team) = TeamServer::start().await else { return };
    let a = TestCore::with_me().await;
    router_with_password(&a, "Acme Dental", "before-1").await;
    router_with_password(&a, "Bolt Logistics", "before-2").await;
    a.team().publish(&team.url, "pw").await.unwrap();
    let (url, password) = member(&team, "dee_temp").await;
    let b = TestCore::with_me().await;
    b.team().join(&url, &password, false).await.unwrap();
    let fingerprint = b.team().status().await.unwrap().passwords.fingerprint.unwrap();
    a.team().approve_device(&fingerprint).await.unwrap();
    assert_eq!(b.team().sync().await.unwrap().passwords_received, 2);
    let removed_id = device_id(&a, &b).await;
    // What the machine holds before it goes: its private key and the team's key it was given.
    let admin = team.admin().await;
    let old_wrapped: Vec<u8> =
        sqlx::query_scalar("SELECT wrapped FROM fieldbook.vault_keys WHERE device = $1 AND version = 1")
            .bind(&removed_id)
            .fetch_one(&admin)
            .await
            .unwrap();
    let old_key: [u8; 32] =
        age::decrypt(&identity_of(&removed_id), &old_wrapped).unwrap().try_into().unwrap();

    // A technician cannot remove a machine; the admin can, and gets the list to change.
    let refused = b.team().remove_device(&fingerprint).await.unwrap_err();
    assert!(refused.to_string().contains("Only an admin"), "{refused}");
    let removal = a.team().remove_device(&fingerprint).await.unwrap();
    assert_eq!(
        (removal.key_version, removal.resealed, removal.still_changing.as_deref()),
        (2, 2, None),
        "{removal:?}"
    );
    assert!(removal.device.removed_at.is_some(), "{removal:?}");
    let listed: Vec<(&str, &str)> =
        removal.passwords_to_change.iter().map(|p| (p.organization.as_str(), p.label.as_str())).collect();
    assert_eq!(listed, [("Acme Dental", "Password"), ("Bolt Logistics", "Password")]);
    assert_eq!(readable_by(&team, &a, &removed_id).await, (0, 2), "old keys are gone from the server");

    // A password saved after the removal: the removed machine's old key does not open it.
    let (_, after) = router_with_password(&a, "Cole Farms", "after-removal").await;
    assert_eq!(a.team().sync().await.unwrap().passwords_sent, 1);
    let (system, field) = a.secret_owner(after).await.unwrap();
    let (version, nonce, sealed): (i32, Vec<u8>, Vec<u8>) =
        sqlx::query_as("SELECT version, nonce, sealed FROM fieldbook.secret_values WHERE secret = $1")
            .bind(uuid::Uuid::parse_str(&after.to_string()).unwrap())
            .fetch_one(&admin)
            .await
            .unwrap();
    assert_eq!(version, 2);
    let data_set = a.team().status().await.unwrap().data_set_id.unwrap();
    use fieldbook_core::sync::vault::{bound_to, open};
    for v in [1, 2] {
        assert_eq!(open(&old_key, &bound_to(&data_set, after, system, field, v), &nonce, &sealed), None);
    }
    // (The admin's own key opens it: the associated data above is the right one.)
    assert_eq!(readable_by(&team, &a, &device_id(&a, &a).await).await, (3, 3));
    // The removed machine's rounds say so and bring it nothing.
    let round = b.team().sync().await.unwrap();
    assert_eq!(round.passwords_received, 0);
    assert_eq!(b.team().status().await.unwrap().passwords.state, "removed");
    admin.close().await;
}

#[tokio::test]
async fn a_key_change_cut_short_resumes_and_every_remaining_machine_reads_every_password() {
    let Some(team) = TeamServer::start().await else { return };
    let seed = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos() as u64;
    eprintln!("kill points from seed {seed}");
    let a = TestCore::with_me().await;
    // More values than one re-seal batch (100), so a cut can fall between batches.
    for i in 0..130 {
        router_with_password(&a, &format!("Site {i:03}"), &format!("value-{i}")).await;
    }
    a.team().publish(&team.url, "pw").await.unwrap();
    let (url, password) = member(&team, "stays").await;
    let b = TestCore::with_me().await;
    b.team().join(&url, &password, false).await.unwrap();
    a.team().approve_device(&b.team().status().await.unwrap().passwords.fingerprint.unwrap()).await.unwrap();
    b.team().sync().await.unwrap();
    let (a_id, b_id) = (device_id(&a, &a).await, device_id(&a, &b).await);

    let mut state = seed;
    for round in 0..3 {
        let (url, password) = member(&team, &format!("leaves_{round}")).await;
        let x = TestCore::with_me().await;
        x.team().join(&url, &password, false).await.unwrap();
        let fingerprint = x.team().status().await.unwrap().passwords.fingerprint.unwrap();
        a.team().approve_device(&fingerprint).await.unwrap();
        // Cut after 0, 1 or 2 batches (2: after the last, before the switch).
        state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        let cut = (state >> 33) as usize % 3;
        let stopped = a.team().remove_device_cut(&fingerprint, Some(cut)).await.unwrap();
        assert!(stopped.still_changing.is_some(), "round {round}: cut after {cut} batches");
        assert_eq!(stopped.passwords_to_change.len(), 130 + round, "the list comes all the same");
        // Meanwhile the machines that stay read every password, and a new one can be saved.
        assert_eq!(readable_by(&team, &a, &b_id).await.0, 130 + round, "round {round}, cut {cut}");
        router_with_password(&a, &format!("New {round}"), &format!("new-{round}")).await;
        // The admin's next sync finishes the change.
        a.team().sync().await.unwrap();
        let status = a.team().status().await.unwrap().passwords;
        assert!(status.error.is_none(), "round {round}: {status:?}");
        let x_id = device_id(&a, &x).await;
        let total = 131 + round;
        assert_eq!(readable_by(&team, &a, &a_id).await, (total, total), "round {round}, cut {cut}");
        assert_eq!(readable_by(&team, &a, &b_id).await, (total, total), "round {round}, cut {cut}");
        assert_eq!(readable_by(&team, &a, &x_id).await.0, 0, "round {round}, cut {cut}");
    }
    let admin = team.admin().await;
    let (version, pending): (i32, Option<i32>) =
        sqlx::query_as("SELECT version, pending FROM fieldbook.vault").fetch_one(&admin).await.unwrap();
    assert_eq!((version, pending), (4, None));
    admin.close().await;
}

#[tokio::test]
async fn a_recovery_kit_lets_an_admins_new_machine_in_when_every_admin_machine_is_lost() {
    let Some(team) = TeamServer::start().await else { return };
    let a = TestCore::with_me().await;
    let (_, secret) = router_with_password(&a, "Acme Dental", "kept-through-recovery").await;
    a.team().publish(&team.url, "pw").await.unwrap();
    assert_invalid(a.team().recovery_kit("short").await, "passphrase", "at least 12 characters");
    let kit = a.team().recovery_kit("four words to remember").await.unwrap();
    // The page carries the code (read back from the PDF), never the passphrase.
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("kit.pdf");
    std::fs::write(&pdf, &kit.pdf).unwrap();
    if let Ok(out) = std::process::Command::new("pdftotext").args([pdf.to_str().unwrap(), "-"]).output() {
        let text = String::from_utf8_lossy(&out.stdout).replace(char::is_whitespace, "");
        assert!(text.contains(&kit.code.replace(' ', "")), "the code is not on the page: {text}");
        assert!(!text.contains("fourwordstoremember"));
    } else if std::env::var_os("FIELDBOOK_PG_REQUIRED").is_some() {
        panic!("pdftotext is missing");
    }
    let listed = a.team().devices().await.unwrap();
    assert!(listed.iter().any(|d| d.kind == "recovery" && d.fingerprint == kit.fingerprint && d.has_key));

    // A machine is removed: the key changes, and the kit is given the new one too.
    let (url, password) = member(&team, "gone_soon").await;
    let x = TestCore::with_me().await;
    x.team().join(&url, &password, false).await.unwrap();
    let fingerprint = x.team().status().await.unwrap().passwords.fingerprint.unwrap();
    a.team().approve_device(&fingerprint).await.unwrap();
    // (The admin's machine is lost in the middle of that key change: it is left pending.)
    let cut = a.team().remove_device_cut(&fingerprint, Some(0)).await.unwrap();
    assert!(cut.still_changing.is_some(), "{cut:?}");

    // Every admin's machine is lost. A new admin login on a new machine waits like any other…
    let admin = team.admin().await;
    let new_password = server::add_member(&admin, "new_boss", true).await.unwrap();
    let c = TestCore::with_me().await;
    c.team().join(&team.url.replace("fieldbook_admin:pw@", "new_boss@"), &new_password, false).await.unwrap();
    assert_eq!(c.team().status().await.unwrap().passwords.state, "waiting");
    OsKeyring.delete(secret).unwrap();
    // …a technician cannot use the kit, a wrong passphrase says so, and the right one lets it in.
    let (tech_url, tech_password) = member(&team, "tech_with_kit").await;
    let t = TestCore::with_me().await;
    t.team().join(&tech_url, &tech_password, false).await.unwrap();
    let refused = t.team().recover(&kit.code, "four words to remember").await.unwrap_err();
    assert!(refused.to_string().contains("Only an admin"), "{refused}");
    assert_invalid(c.team().recover(&kit.code, "four words to forget").await, "passphrase", "does not open");
    // An admin login without the kit cannot hand itself a key that is not the team's.
    let kit_id = a.team().devices().await.unwrap().into_iter().find(|d| d.kind == "recovery").unwrap().device;
    let c_id = device_id(&a, &c).await;
    let boss = server::connect(&team.url.replace("fieldbook_admin:pw@", "new_boss@"), Some(&new_password))
        .await
        .unwrap();
    let junk = serde_json::json!([
        { "version": 1, "wrapped": "00", "check": "00" },
        { "version": 2, "wrapped": "00", "check": "00" },
    ]);
    let e = sqlx::query("SELECT fieldbook.recover_with_kit($1, $2, $3)")
        .bind(&c_id)
        .bind(&kit_id)
        .bind(junk)
        .execute(&boss)
        .await
        .unwrap_err();
    assert!(e.to_string().contains("not the team's"), "{e}");
    boss.close().await;
    let round = c.team().recover(&kit.code.to_lowercase(), "four words to remember").await.unwrap();
    assert_eq!(round.passwords_received, 1, "{round:?}");
    // The kit held the pending key too: the new machine finished the key change.
    let (version, pending): (i32, Option<i32>) =
        sqlx::query_as("SELECT version, pending FROM fieldbook.vault").fetch_one(&admin).await.unwrap();
    assert_eq!((version, pending), (2, None));
    let me = c.me().await;
    assert_eq!(
        c.systems().read_secret(secret, SecretUse::Reveal, &me).await.unwrap(),
        "kept-through-recovery"
    );
    // It can approve the others again.
    let waiting = t.team().status().await.unwrap().passwords.fingerprint.unwrap();
    assert!(c.team().approve_device(&waiting).await.unwrap().has_key);
    admin.close().await;
}

#[tokio::test]
async fn removing_a_member_disables_their_login_and_removes_their_machines_with_one_key_change() {
    let Some(team) = TeamServer::start().await else { return };
    let a = TestCore::with_me().await;
    router_with_password(&a, "Acme Dental", "one").await;
    a.team().publish(&team.url, "pw").await.unwrap();
    let (url, password) = member(&team, "leaver").await;
    let (laptop, desktop) = (TestCore::with_me().await, TestCore::with_me().await);
    for machine in [&laptop, &desktop] {
        machine.team().join(&url, &password, false).await.unwrap();
        let fingerprint = machine.team().status().await.unwrap().passwords.fingerprint.unwrap();
        a.team().approve_device(&fingerprint).await.unwrap();
    }
    // Not the admin's own login, and not by a member.
    assert_invalid(a.team().remove_member("fieldbook_admin").await, "login", "your own login");
    member(&team, "bystander").await;
    let refused = laptop.team().remove_member("bystander").await.unwrap_err();
    assert!(refused.to_string().contains("Only the team server's admin"), "{refused}");
    let removal = a.team().remove_member("leaver").await.unwrap();
    assert_eq!(
        (removal.machines.len(), removal.key_version, removal.still_changing.as_deref()),
        (2, 2, None)
    );
    assert!(removal.machines.iter().all(|m| m.removed_at.is_some()), "{removal:?}");
    assert_eq!(removal.passwords_to_change.len(), 1);
    // Their next sync is refused with a sentence; the admin's machine reads on.
    let e = desktop.team().sync().await.unwrap_err();
    assert!(e.to_string().contains("does not let this login in"), "{e}");
    a.team().sync().await.unwrap();
    assert_eq!(a.team().status().await.unwrap().passwords.error, None);
}

#[tokio::test]
async fn a_machine_whose_key_pair_is_gone_from_the_keyring_waits_for_approval_again_and_its_old_key_is_retired()
 {
    let Some(team) = TeamServer::start().await else { return };
    let a = TestCore::with_me().await;
    let (_, secret) = router_with_password(&a, "Acme Dental", "lost-key-1").await;
    a.team().publish(&team.url, "pw").await.unwrap();
    let (url, password) = member(&team, "fay_field").await;
    let b = TestCore::with_me().await;
    b.team().join(&url, &password, false).await.unwrap();
    let old_fingerprint = b.team().status().await.unwrap().passwords.fingerprint.unwrap();
    a.team().approve_device(&old_fingerprint).await.unwrap();
    assert_eq!(b.team().sync().await.unwrap().passwords_received, 1);
    let device = device_id(&a, &b).await;

    // The laptop's keyring loses its key pair (and the password it held).
    keyring::Entry::new("fieldbook", &format!("team-device:{device}")).unwrap().delete_credential().unwrap();
    OsKeyring.delete(secret).unwrap();
    b.team().sync().await.unwrap();
    let status = b.team().status().await.unwrap().passwords;
    let new_fingerprint = status.fingerprint.clone().unwrap();
    assert_eq!(status.state, "waiting", "{status:?}");
    assert_ne!(new_fingerprint, old_fingerprint);
    let refused = b.systems().read_secret(secret, SecretUse::Reveal, &b.me().await).await.unwrap_err();
    assert!(refused.to_string().contains(&new_fingerprint), "{refused}");

    // The admin sees the old key as a removed machine and the laptop waiting under its new one;
    // the team's key changes at the admin's next sync (the old key pair may not be lost to all).
    let round = a.team().sync().await.unwrap();
    let listed = a.team().devices().await.unwrap();
    let old = listed.iter().find(|d| d.fingerprint == old_fingerprint).expect("the old key is listed");
    assert!(
        old.removed_at.is_some() && old.approved_at.is_some() && old.name.ends_with("(lost key)"),
        "{old:?}"
    );
    let new = listed.iter().find(|d| d.fingerprint == new_fingerprint).expect("the new key is listed");
    assert_eq!((new.device.as_str(), new.approved_at.as_deref()), (device.as_str(), None), "{new:?}");
    let check = a.team().status().await.unwrap().passwords;
    assert!(check.error.is_none(), "{check:?} {round:?}");
    let admin = team.admin().await;
    let version: i32 =
        sqlx::query_scalar("SELECT version FROM fieldbook.vault").fetch_one(&admin).await.unwrap();
    assert_eq!(version, 2, "the old key pair's key was changed");
    admin.close().await;

    // An approval wrapped for the key the admin compared before the laptop re-keyed is refused.
    let admin = team.admin().await;
    let old_key: String = sqlx::query_scalar("SELECT recipient FROM fieldbook.devices WHERE device = $1")
        .bind(&old.device)
        .fetch_one(&admin)
        .await
        .unwrap();
    let stale = sqlx::query("SELECT fieldbook.approve_device($1, 2, '\\x00'::bytea, '\\x00'::bytea, $2)")
        .bind(&device)
        .bind(&old_key)
        .execute(&admin)
        .await
        .unwrap_err();
    assert!(stale.to_string().contains("registered a new key meanwhile"), "{stale}");
    admin.close().await;

    // Approved again by its new fingerprint, the laptop receives every password again.
    a.team().approve_device(&new_fingerprint).await.unwrap();
    assert_eq!(b.team().sync().await.unwrap().passwords_received, 1);
    assert_eq!(
        b.systems().read_secret(secret, SecretUse::Reveal, &b.me().await).await.unwrap(),
        "lost-key-1"
    );
    assert_eq!(readable_by(&team, &a, &device).await, (1, 1));
}
