//! Shared credentials end to end (issue "Shared credentials"): machines on one real PostgreSQL
//! server with the real OS keyring (GNOME Keyring under the test command). A password saved on
//! one machine reaches another only after an admin approved it by its fingerprint, travels
//! sealed (never in clear on the server, its dump or its log, nor in either SQLite file), and a
//! sealed value changed on the server gives a sentence for that one password only.
//!
//! One keyring serves every machine of a test: a machine's own copy is removed from it before
//! another machine is to receive the value, so what that machine reveals came from the vault.

mod common;

use common::TestCore;
use common::team::TeamServer;
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
