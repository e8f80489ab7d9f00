//! System types and systems against a real SQLite file and the real OS keyring (the test command
//! starts gnome-keyring inside a private D-Bus session).

mod common;

use common::{TestCore, assert_invalid, keyring_works};
use fieldbook_core::Error;
use fieldbook_core::organizations::OrganizationFilter;
use fieldbook_core::secrets::{OsKeyring, SecretStore};
use fieldbook_core::staff::Role;
use fieldbook_core::system_types::{CONFIRM_REMOVALS, FieldInput, FieldKind, SystemType, SystemTypeInput};
use fieldbook_core::systems::{FieldValue, SecretChange, SecretUse, System, SystemInput};

fn field(label: &str, kind: FieldKind) -> FieldInput {
    FieldInput { id: None, label: label.into(), kind, required: false }
}

async fn router_type(core: &TestCore) -> SystemType {
    let input = SystemTypeInput {
        name: "Router".into(),
        fields: vec![
            field("IP address", FieldKind::IpAddress),
            field("Admin URL", FieldKind::Url),
            field("Login", FieldKind::Text),
            FieldInput { required: true, ..field("Password", FieldKind::Secret) },
        ],
        confirm_removals: false,
    };
    core.system_types().create(input, &core.me().await).await.unwrap()
}

fn value(t: &SystemType, label: &str, value: &str) -> FieldValue {
    FieldValue { field_id: t.fields.iter().find(|f| f.label == label).unwrap().id, value: value.into() }
}

fn secret(t: &SystemType, label: &str, value: Option<&str>) -> SecretChange {
    SecretChange {
        field_id: t.fields.iter().find(|f| f.label == label).unwrap().id,
        value: value.map(Into::into),
    }
}

fn shown(system: &System, label: &str) -> Option<String> {
    system.fields.iter().find(|f| f.field.label == label).unwrap().value.clone()
}

#[tokio::test]
async fn type_edits_keep_values_and_removing_a_used_field_asks_first() {
    let core = TestCore::with_me().await;
    let t = core
        .system_types()
        .create(
            SystemTypeInput {
                name: "Server".into(),
                fields: vec![field("Version", FieldKind::Version), field("Location", FieldKind::Text)],
                confirm_removals: false,
            },
            &core.me().await,
        )
        .await
        .unwrap();
    let org = core.org("Acme").await;
    let input = SystemInput {
        organization_id: org.id,
        system_type_id: t.id,
        name: "DC01".into(),
        notes: None,
        values: vec![value(&t, "Version", "2022"), value(&t, "Location", "Rack 2")],
        secrets: vec![],
    };
    let system = core.systems().create(input, &core.me().await).await.unwrap();

    // Rename and reorder: the values follow their fields.
    let (version, location) = (t.fields[0].id, t.fields[1].id);
    let renamed = SystemTypeInput {
        name: "Windows server".into(),
        fields: vec![
            FieldInput { id: Some(location), ..field("Rack position", FieldKind::Text) },
            FieldInput { id: Some(version), ..field("OS build", FieldKind::Version) },
            field("Serial", FieldKind::Text),
        ],
        confirm_removals: false,
    };
    let t2 = core.system_types().update(t.id, renamed, &core.me().await).await.unwrap();
    assert_eq!(
        t2.fields.iter().map(|f| f.label.as_str()).collect::<Vec<_>>(),
        ["Rack position", "OS build", "Serial"]
    );
    let after = core.systems().get(system.id).await.unwrap();
    assert_eq!(shown(&after, "Rack position").as_deref(), Some("Rack 2"));
    assert_eq!(shown(&after, "OS build").as_deref(), Some("2022"));

    // Dropping a field with a value is refused until confirmed.
    let without_rack = SystemTypeInput {
        name: "Windows server".into(),
        fields: vec![FieldInput { id: Some(version), ..field("OS build", FieldKind::Version) }],
        confirm_removals: false,
    };
    assert_invalid(
        core.system_types().update(t.id, without_rack.clone(), &core.me().await).await,
        CONFIRM_REMOVALS,
        "Rack position",
    );
    assert_eq!(
        shown(&core.systems().get(system.id).await.unwrap(), "Rack position").as_deref(),
        Some("Rack 2")
    );
    let confirmed = SystemTypeInput { confirm_removals: true, ..without_rack };
    let t3 = core.system_types().update(t.id, confirmed, &core.me().await).await.unwrap();
    assert_eq!(t3.fields.len(), 1);
    assert_eq!(core.systems().get(system.id).await.unwrap().fields.len(), 1);

    // A field with values cannot turn secret (its plaintext would stay in the database).
    let to_secret = SystemTypeInput {
        name: "Windows server".into(),
        fields: vec![FieldInput { id: Some(version), ..field("OS build", FieldKind::Secret) }],
        confirm_removals: false,
    };
    assert_invalid(
        core.system_types().update(t.id, to_secret, &core.me().await).await,
        "fields",
        "cannot become",
    );

    // Names are unique regardless of case; a used type cannot be deleted.
    let dup = SystemTypeInput { name: "windows SERVER".into(), ..SystemTypeInput::default() };
    assert_invalid(core.system_types().create(dup, &core.me().await).await, "name", "already a type");
    assert_invalid(core.system_types().delete(t.id, &core.me().await).await, "name", "used by 1");
}

#[tokio::test]
async fn values_are_checked_by_kind_and_the_message_names_the_field() {
    let core = TestCore::with_me().await;
    let t = router_type(&core).await;
    let org = core.org("Acme").await;
    let base = SystemInput {
        organization_id: org.id,
        system_type_id: t.id,
        name: "Gateway".into(),
        notes: None,
        values: vec![],
        secrets: vec![],
    };
    let bad_ip = SystemInput { values: vec![value(&t, "IP address", "192.168.1.300")], ..base.clone() };
    assert_invalid(
        core.systems().create(bad_ip, &core.me().await).await,
        "values",
        "IP address: “192.168.1.300”",
    );
    let bad_url = SystemInput { values: vec![value(&t, "Admin URL", "javascript:alert(1)")], ..base.clone() };
    assert_invalid(core.systems().create(bad_url, &core.me().await).await, "values", "Admin URL");
    let no_password = SystemInput { values: vec![value(&t, "IP address", "10.0.0.1")], ..base.clone() };
    assert_invalid(
        core.systems().create(no_password, &core.me().await).await,
        "secrets",
        "Password is required",
    );
    let blank_name = SystemInput { name: " ".into(), ..base };
    assert_invalid(core.systems().create(blank_name, &core.me().await).await, "name", "required");
    assert!(
        core.systems().of_organization(org.id, true).await.unwrap().is_empty(),
        "a refused save wrote a row"
    );
}

#[tokio::test]
async fn secrets_live_in_the_keyring_reveal_is_audited_and_delete_removes_them() {
    if !keyring_works() {
        return;
    }
    let core = TestCore::with_me().await;
    let t = router_type(&core).await;
    let org = core.org("Acme").await;
    let other = core.org("Other Co").await;
    let input = SystemInput {
        organization_id: org.id,
        system_type_id: t.id,
        name: "Gateway".into(),
        notes: Some("behind the reception desk".into()),
        values: vec![value(&t, "IP address", "192.168.1.1"), value(&t, "Admin URL", "http://192.168.1.1")],
        secrets: vec![secret(&t, "Password", Some("Tr0ub4dor&3-first"))],
    };
    let system = core.systems().create(input.clone(), &core.me().await).await.unwrap();
    let password = system.fields.iter().find(|f| f.field.label == "Password").unwrap();
    assert_eq!(password.value, None, "a secret value came back in the record");
    let secret_id = password.secret.as_ref().expect("no secret reference").id;
    assert_eq!(OsKeyring.get(secret_id).unwrap(), "Tr0ub4dor&3-first");

    // Reveal returns the value and is audited with who did it.
    let bob = core.colleague("Bob", Role::Technician).await;
    let cy = core.colleague("Cy", Role::Office).await;
    let shown = core.systems().read_secret(secret_id, SecretUse::Reveal, &bob).await.unwrap();
    assert_eq!(shown, "Tr0ub4dor&3-first");
    core.systems().read_secret(secret_id, SecretUse::Copy, &cy).await.unwrap();
    let trail = core.systems().audit_trail(system.id).await.unwrap();
    let actions: Vec<(&str, &str)> = trail.iter().map(|a| (a.action.as_str(), a.actor.as_str())).collect();
    assert_eq!(actions, [("copy", "Cy"), ("reveal", "Bob"), ("set", "Ann Admin")]);
    assert!(trail.iter().all(|a| a.label == "Password" && a.secret_id == secret_id));

    // Changing it writes a new entry and removes the old one once committed; leaving it out
    // keeps it.
    let changed =
        SystemInput { secrets: vec![secret(&t, "Password", Some("second-value"))], ..input.clone() };
    let after = core.systems().update(system.id, changed, &core.me().await).await.unwrap();
    let new_id = stored_secret(&after, "Password");
    assert_ne!(new_id, secret_id, "a changed secret must not overwrite the stored entry");
    assert_eq!(OsKeyring.get(new_id).unwrap(), "second-value");
    assert!(OsKeyring.get(secret_id).is_err(), "the replaced entry outlived its commit");
    let untouched = SystemInput { secrets: vec![], name: "Main gateway".into(), ..input.clone() };
    core.systems().update(system.id, untouched, &core.me().await).await.unwrap();
    assert_eq!(OsKeyring.get(new_id).unwrap(), "second-value");
    assert_eq!(cleanup_queue(&core).await, 0, "the clean-up journal kept settled ids");
    let secret_id = new_id;

    // The site's stream says what happened by field name, never with a secret's value.
    let stream = core
        .stream()
        .page(fieldbook_core::stream::StreamQuery {
            subject: fieldbook_core::notes::NoteSubject::Organization(system.organization.id),
            include_related: false,
            kinds: vec![
                fieldbook_core::stream::StreamKind::System,
                fieldbook_core::stream::StreamKind::Secret,
            ],
            before: None,
            limit: None,
        })
        .await
        .unwrap();
    let lines: Vec<(&str, Option<&str>)> =
        stream.entries.iter().map(|e| (e.body.as_str(), e.actor.as_deref())).collect();
    assert_eq!(
        lines,
        [
            ("Changed Main gateway: name", Some("Ann Admin")),
            ("Changed Gateway: Password", Some("Ann Admin")),
            ("Copied the Password of Gateway", Some("Cy")),
            ("Revealed the Password of Gateway", Some("Bob")),
            ("Added system Gateway (Router)", Some("Ann Admin")),
        ]
    );
    assert!(stream.entries.iter().all(|e| !e.body.contains("Tr0ub4dor") && !e.body.contains("second-value")));

    // Find customers by equipment.
    let by_type = OrganizationFilter { system_type_id: Some(t.id), ..OrganizationFilter::default() };
    let found = core.organizations().list(by_type).await.unwrap();
    assert_eq!(found.iter().map(|o| o.name.as_str()).collect::<Vec<_>>(), ["Acme"]);
    assert_ne!(other.id, org.id);

    // Deleting the system deletes its keyring entry.
    core.delete_system(system.id).await.unwrap();
    assert!(matches!(core.systems().get(system.id).await, Err(Error::NotFound { .. })));
    assert!(OsKeyring.get(secret_id).is_err(), "the keyring entry outlived its system");
    let trail = core.systems().audit_trail(system.id).await.unwrap();
    assert_eq!(trail[0].action, "delete", "the audit trail outlives the system");
}

fn stored_secret(system: &System, label: &str) -> fieldbook_core::SecretId {
    system.fields.iter().find(|f| f.field.label == label).unwrap().secret.as_ref().expect("no secret").id
}

async fn raw(core: &TestCore) -> sqlx::SqlitePool {
    sqlx::SqlitePool::connect(&format!("sqlite://{}", core.dir.path().join("fieldbook.sqlite3").display()))
        .await
        .unwrap()
}

async fn cleanup_queue(core: &TestCore) -> i64 {
    sqlx::query_scalar("SELECT count(*) FROM keyring_cleanup").fetch_one(&raw(core).await).await.unwrap()
}

async fn gateway(core: &TestCore, t: &SystemType, password: &str) -> (SystemInput, System) {
    let org = core.org("Acme").await;
    let input = SystemInput {
        organization_id: org.id,
        system_type_id: t.id,
        name: "Gateway".into(),
        notes: None,
        values: vec![value(t, "IP address", "192.168.1.1")],
        secrets: vec![secret(t, "Password", Some(password))],
    };
    let system = core.systems().create(input.clone(), &core.me().await).await.unwrap();
    (input, system)
}

#[tokio::test]
async fn a_password_change_whose_database_write_fails_keeps_the_old_password() {
    if !keyring_works() {
        return;
    }
    let core = TestCore::with_me().await;
    let t = router_type(&core).await;
    let (input, system) = gateway(&core, &t, "the-only-copy").await;
    let old_id = stored_secret(&system, "Password");

    // The database refuses the save after the keyring write (as a full disk or a constraint
    // would): a trigger on the systems table, from a second connection.
    let db = raw(&core).await;
    sqlx::query(
        "CREATE TRIGGER fail_saves BEFORE UPDATE ON systems BEGIN SELECT RAISE(ABORT, 'disk full'); END",
    )
    .execute(&db)
    .await
    .unwrap();
    let changed = SystemInput { secrets: vec![secret(&t, "Password", Some("never-saved"))], ..input.clone() };
    let result = core.systems().update(system.id, changed, &core.me().await).await;
    assert!(matches!(result, Err(Error::Db(_))), "expected the database's refusal, got {result:?}");

    // The old password is still what the record shows and what the keyring returns.
    let after = core.systems().get(system.id).await.unwrap();
    assert_eq!(stored_secret(&after, "Password"), old_id);
    assert_eq!(
        core.systems().read_secret(old_id, SecretUse::Reveal, &core.me().await).await.unwrap(),
        "the-only-copy"
    );
    // The entry this call made is gone again, and nothing is left queued.
    assert_eq!(cleanup_queue(&core).await, 0);

    // Removing the password is refused the same way and keeps it too.
    let optional = common::all_fields_optional(&t);
    core.system_types().update(t.id, optional, &core.me().await).await.unwrap();
    let cleared = SystemInput { secrets: vec![secret(&t, "Password", None)], ..input };
    assert!(core.systems().update(system.id, cleared, &core.me().await).await.is_err());
    assert_eq!(OsKeyring.get(old_id).unwrap(), "the-only-copy");
}

#[tokio::test]
async fn the_sweep_removes_only_unreferenced_entries_older_than_the_grace_period() {
    if !keyring_works() {
        return;
    }
    let core = TestCore::with_me().await;
    let t = router_type(&core).await;
    let (_, system) = gateway(&core, &t, "in-use").await;
    let in_use = stored_secret(&system, "Password");
    let db = raw(&core).await;

    // What a crash between the keyring write and the commit leaves: an entry and its journal
    // line, and no row. One from two hours ago, one from a save that may still be running.
    let (crashed, running) = (fieldbook_core::SecretId::new(), fieldbook_core::SecretId::new());
    OsKeyring.set(crashed, "x").unwrap();
    OsKeyring.set(running, "x").unwrap();
    for (id, age) in [(crashed, "-2 hours"), (running, "-1 minutes"), (in_use, "-3 hours")] {
        sqlx::query(
            "INSERT INTO keyring_cleanup (secret_id, noted_at)
             VALUES (?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now', ?))",
        )
        .bind(id)
        .bind(age)
        .execute(&db)
        .await
        .unwrap();
    }

    assert_eq!(core.sweep_secrets().await.unwrap(), 1);
    assert!(OsKeyring.get(crashed).is_err(), "the crashed save's entry survived the sweep");
    assert_eq!(OsKeyring.get(running).unwrap(), "x", "the sweep did not wait out the grace period");
    assert_eq!(OsKeyring.get(in_use).unwrap(), "in-use", "the sweep removed a referenced entry");
    // The referenced id left the journal; the young one stays for a later sweep.
    let left: Vec<fieldbook_core::SecretId> =
        sqlx::query_scalar("SELECT secret_id FROM keyring_cleanup").fetch_all(&db).await.unwrap();
    assert_eq!(left, vec![running]);
    OsKeyring.delete(running).unwrap();
}

#[tokio::test]
async fn the_database_refuses_a_stored_value_for_a_secret_field() {
    let core = TestCore::with_me().await;
    let t = router_type(&core).await;
    let org = core.org("Acme").await;
    let db = raw(&core).await;
    let system_id = fieldbook_core::SystemId::new();
    sqlx::query(
        "INSERT INTO systems (id, organization_id, system_type_id, name, created_at, updated_at)
         VALUES (?, ?, ?, 'Gateway', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')",
    )
    .bind(system_id)
    .bind(org.id)
    .bind(t.id)
    .execute(&db)
    .await
    .unwrap();
    let password = t.fields.iter().find(|f| f.kind == FieldKind::Secret).unwrap().id;
    let login = t.fields.iter().find(|f| f.label == "Login").unwrap().id;
    let insert = |field| {
        sqlx::query("INSERT INTO system_values (system_id, field_id, value) VALUES (?, ?, 'hunter2')")
            .bind(system_id)
            .bind(field)
    };
    let refused = insert(password).execute(&db).await.unwrap_err();
    assert!(refused.to_string().contains("belongs in the keyring"), "{refused}");
    insert(login).execute(&db).await.unwrap();
    let moved = sqlx::query("UPDATE system_values SET field_id = ? WHERE field_id = ?")
        .bind(password)
        .bind(login)
        .execute(&db)
        .await;
    assert!(moved.is_err(), "a plain value was moved into a secret field");
    let turned = sqlx::query("UPDATE system_type_fields SET kind = 'secret' WHERE id = ?")
        .bind(login)
        .execute(&db)
        .await;
    assert!(turned.is_err(), "a field with values became a secret field");
}

#[tokio::test]
async fn the_demo_stores_some_systems_passwords_in_the_keyring_only() {
    if !keyring_works() {
        return;
    }
    let t = TestCore::with_me().await;
    t.core.demo().generate(40, 3, |_| {}).await.unwrap();
    assert_eq!(t.core.demo().secrets(5, 3).await.unwrap(), 5, "one secret field per demo type");
    // Each one reads back from the keyring; the database holds no value, only the reference.
    let secrets = stored_secrets(&t).await;
    assert_eq!(secrets.len(), 5);
    let me = t.me().await;
    let value = t.core.systems().read_secret(secrets[0], SecretUse::Reveal, &me).await.unwrap();
    assert!(value.ends_with('!') && value.len() > 8, "a made-up password: {}", value.len());
    for file in [fieldbook_core::DB_FILE.to_owned(), format!("{}-wal", fieldbook_core::DB_FILE)] {
        let raw = std::fs::read(t.dir.path().join(file)).unwrap_or_default();
        assert!(!raw.windows(value.len()).any(|w| w == value.as_bytes()), "the password is in the database");
    }
    // Again: systems that have theirs are passed over.
    assert_eq!(t.core.demo().secrets(5, 3).await.unwrap(), 5);
    let all = stored_secrets(&t).await;
    assert_eq!(all.len(), 10);
    for id in all {
        OsKeyring.delete(id).unwrap();
    }
}

/// Every stored secret of every organization's systems; no secret field carries a value.
async fn stored_secrets(t: &TestCore) -> Vec<fieldbook_core::SecretId> {
    let filter = OrganizationFilter { include_archived: true, ..Default::default() };
    let mut secrets = Vec::new();
    for org in t.core.organizations().list(filter).await.unwrap() {
        for system in t.core.systems().of_organization(org.id, true).await.unwrap() {
            for field in system.fields {
                assert!(
                    field.field.kind != FieldKind::Secret || field.value.is_none(),
                    "a secret value in the record"
                );
                if let Some(secret) = field.secret {
                    secrets.push(secret.id);
                }
            }
        }
    }
    secrets
}
