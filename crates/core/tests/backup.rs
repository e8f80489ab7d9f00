//! Backup and restore on real SQLite files and file stores in temp dirs (and, for passwords, the
//! real OS keyring): round trips compare every table row and every blob.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use common::{TestCore, keyring_works};
use fieldbook_core::backup::{self, CreateOptions, Phase, Restored, SecretString, Summary};
use fieldbook_core::files::Owner;
use fieldbook_core::secrets::{OsKeyring, SecretStore};
use fieldbook_core::{Core, Error};
use sqlx::{ConnectOptions, Connection};

const DB: &str = "fieldbook.sqlite3";
/// What a closed data folder holds.
const OTHER_DATA: [&str; 4] = ["fieldbook.lock", DB, "files", "files.lock"];
const PNG: &[u8] = &[0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 1, 2, 3];

fn create(db: &Path, dest: &Path, options: &CreateOptions) -> fieldbook_core::Result<Summary> {
    backup::create(db, dest, options, &OsKeyring, &mut |_| {}, &AtomicBool::new(false))
}

fn verify(file: &Path, passphrase: Option<&SecretString>) -> fieldbook_core::Result<Summary> {
    backup::verify(file, passphrase, &mut |_| {}, &AtomicBool::new(false))
}

fn restore(db: &Path, file: &Path, passphrase: Option<&SecretString>) -> fieldbook_core::Result<Restored> {
    backup::restore(db, file, passphrase, &OsKeyring, &mut |_| {}, &AtomicBool::new(false))
}

fn pass(text: &str) -> SecretString {
    SecretString::from(text.to_owned())
}

fn encrypted(text: &str) -> CreateOptions {
    CreateOptions { passphrase: Some(pass(text)), include_passwords: false }
}

/// Deterministic bytes that do not compress.
fn noise(len: usize, seed: u64) -> Vec<u8> {
    let mut state = seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1;
    (0..len)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state as u8
        })
        .collect()
}

/// Demo organizations, people, systems and notes, plus attachments (one content twice) and a logo.
async fn fill(core: &TestCore) {
    core.demo().generate(40, 7, |_| {}).await.unwrap();
    let org = core.org("Logo & Files Ltd").await;
    let person = core.person_at(&org, "Ann", "Archer").await;
    let src = tempfile::tempdir().unwrap();
    for (i, len) in [300_000usize, 70_000].into_iter().enumerate() {
        let path = src.path().join(format!("file{i}.bin"));
        std::fs::write(&path, noise(len, i as u64)).unwrap();
        core.files().attach(Owner::Organization(org.id), &path, None, 10 << 20).await.unwrap();
    }
    core.files()
        .attach(Owner::Person(person.id), &src.path().join("file0.bin"), None, 10 << 20)
        .await
        .unwrap();
    let logo = src.path().join("logo.png");
    std::fs::write(&logo, PNG).unwrap();
    core.logos().set(org.id, &logo).await.unwrap();
}

/// Every row of every table (virtual tables through their shadow tables), as sorted text.
async fn dump(db: &Path) -> BTreeMap<String, Vec<String>> {
    let mut conn =
        sqlx::sqlite::SqliteConnectOptions::new().filename(db).read_only(true).connect().await.unwrap();
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite%'
           AND sql NOT LIKE 'CREATE VIRTUAL%'",
    )
    .fetch_all(&mut conn)
    .await
    .unwrap();
    let mut out = BTreeMap::new();
    for table in tables {
        let columns: Vec<String> = sqlx::query_scalar("SELECT name FROM pragma_table_info(?)")
            .bind(&table)
            .fetch_all(&mut conn)
            .await
            .unwrap();
        let expr = columns.iter().map(|c| format!("quote(\"{c}\")")).collect::<Vec<_>>().join(" || '|' || ");
        let sql = format!("SELECT {expr} FROM \"{table}\"");
        let mut rows: Vec<String> =
            sqlx::query_scalar(sqlx::AssertSqlSafe(sql)).fetch_all(&mut conn).await.unwrap();
        rows.sort();
        out.insert(table, rows);
    }
    conn.close().await.unwrap();
    out
}

/// Every blob under `dir/files`, by name.
fn blobs(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    for sub in std::fs::read_dir(dir.join("files")).into_iter().flatten().flatten() {
        if sub.file_name() == "tmp" {
            continue;
        }
        for blob in std::fs::read_dir(sub.path()).unwrap().flatten() {
            out.insert(blob.file_name().to_string_lossy().into_owned(), std::fs::read(blob.path()).unwrap());
        }
    }
    out
}

/// A second data folder with its own (older) data, closed.
async fn other_data() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join(DB);
    let core = Core::open(&db).await.unwrap();
    let org = core.organizations().create(common::org_input("Old data Ltd"), vec![]).await.unwrap();
    let file = dir.path().join("old.txt");
    std::fs::write(&file, b"old attachment").unwrap();
    core.files().attach(Owner::Organization(org.id), &file, None, 1 << 20).await.unwrap();
    std::fs::remove_file(&file).unwrap();
    core.close().await;
    drop(core);
    (dir, db)
}

/// The names in a folder, sorted, SQLite's `-wal`/`-shm` left out (to see what was left behind).
fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| !n.ends_with("-wal") && !n.ends_with("-shm"))
        .collect();
    v.sort();
    v
}

fn backup_error(result: fieldbook_core::Result<impl std::fmt::Debug>, needle: &str) -> String {
    match result {
        Err(Error::Backup(message)) => {
            assert!(message.contains(needle), "{message:?} lacks {needle:?}");
            assert!(!message.contains("/tmp") && !message.contains('\\'), "a path in {message:?}");
            message
        }
        other => panic!("expected a backup error with {needle:?}, got {other:?}"),
    }
}

#[tokio::test]
async fn a_restored_backup_has_identical_rows_and_files_and_keeps_the_replaced_data() {
    let a = TestCore::with_me().await;
    fill(&a).await;
    let out = tempfile::tempdir().unwrap();
    let file = out.path().join("fieldbook.backup");
    let made = create(&a.dir.path().join(DB), &file, &CreateOptions::default()).unwrap();
    assert_eq!(made.counts["organizations"], 41);
    assert_eq!(made.counts["attachments"], 3);
    assert_eq!(made.files, 3, "two attachments' contents and a logo");
    assert!(!made.passwords_included && made.passwords.contains("NOT in this backup"));
    assert_eq!(names(out.path()), ["fieldbook.backup"], "a temp file was left");
    assert!(!names(a.dir.path()).iter().any(|n| n.starts_with("backup-work-")), "work folder left");
    assert_eq!(verify(&file, None).unwrap(), made);

    let (b, b_db) = other_data().await;
    let done = restore(&b_db, &file, None).unwrap();
    assert_eq!(done.summary, made);
    let replaced = b.path().join(done.replaced.expect("the old data was not kept"));
    assert!(
        replaced.join(DB).exists()
            && replaced.file_name().unwrap().to_string_lossy().starts_with("replaced-")
    );
    assert!(dump(&replaced.join(DB)).await["organizations"].iter().any(|r| r.contains("Old data Ltd")));
    assert!(!b.path().join(backup::MARKER).exists());
    assert!(!names(b.path()).iter().any(|n| n.starts_with("restore-staging-")));

    assert_eq!(dump(&b_db).await, dump(&a.dir.path().join(DB)).await);
    assert_eq!(blobs(b.path()), blobs(a.dir.path()));
    let core = Core::open(&b_db).await.unwrap();
    let query = fieldbook_core::search::SearchQuery { text: "Logo".into(), ..Default::default() };
    assert!(!core.search().run(query).await.unwrap().groups.is_empty());
}

#[tokio::test]
async fn a_restore_staged_by_the_running_app_replaces_the_data_at_the_next_open() {
    let a = TestCore::with_me().await;
    fill(&a).await;
    let out = tempfile::tempdir().unwrap();
    let file = out.path().join("fieldbook.backup");
    create(&a.dir.path().join(DB), &file, &CreateOptions::default()).unwrap();

    // The app has its data open while it stages the restore; another process's open meanwhile
    // leaves the staging alone.
    let (b, b_db) = other_data().await;
    let app = Core::open(&b_db).await.unwrap();
    let staged = backup::stage(&b_db, &file, None, &OsKeyring, &mut |_| {}, &AtomicBool::new(false)).unwrap();
    let aside = staged.replaced.clone().expect("no folder named for the replaced data");
    assert!(b.path().join(backup::MARKER).exists());
    assert_eq!(dump(&b_db).await["organizations"].len(), 1, "the live data changed before the restart");
    // A second restore is refused while this one waits.
    backup_error(
        backup::stage(&b_db, &file, None, &OsKeyring, &mut |_| {}, &AtomicBool::new(false)),
        "restart Fieldbook first",
    );

    // The app restarts: its next open finishes the restore.
    app.close().await;
    drop(app);
    let reopened = Core::open(&b_db).await.unwrap();
    reopened.close().await;
    drop(reopened);
    assert!(!b.path().join(backup::MARKER).exists());
    assert_eq!(dump(&b_db).await, dump(&a.dir.path().join(DB)).await);
    assert_eq!(blobs(b.path()), blobs(a.dir.path()));
    assert!(
        dump(&b.path().join(&aside).join(DB)).await["organizations"]
            .iter()
            .any(|r| r.contains("Old data Ltd"))
    );
    assert!(
        !names(b.path()).iter().any(|n| n.starts_with("restore-staging-") || n.starts_with("backup-work-"))
    );
}

#[tokio::test]
async fn an_encrypted_backup_round_trips_and_asks_for_its_passphrase() {
    let a = TestCore::with_me().await;
    fill(&a).await;
    let out = tempfile::tempdir().unwrap();
    let file = out.path().join("enc.backup");
    let made = create(&a.dir.path().join(DB), &file, &encrypted("correct horse")).unwrap();
    assert!(made.encrypted);
    let bytes = std::fs::read(&file).unwrap();
    for plain in [&b"SQLite format 3"[..], b"Logo & Files Ltd", b"manifest.json"] {
        assert!(!bytes.windows(plain.len()).any(|w| w == plain), "plaintext in an encrypted backup");
    }
    assert!(backup::is_encrypted(&file).unwrap());
    common::assert_invalid(verify(&file, None), "passphrase", "encrypted");
    common::assert_invalid(verify(&file, Some(&pass("wrong"))), "passphrase", "not the one");

    let (b, b_db) = other_data().await;
    let before = dump(&b_db).await;
    common::assert_invalid(restore(&b_db, &file, Some(&pass("wrong"))), "passphrase", "not the one");
    assert_eq!(dump(&b_db).await, before, "a refused restore changed the data");
    assert_eq!(names(b.path()), OTHER_DATA);

    restore(&b_db, &file, Some(&pass("correct horse"))).unwrap();
    assert_eq!(dump(&b_db).await, dump(&a.dir.path().join(DB)).await);
    assert_eq!(blobs(b.path()), blobs(a.dir.path()));
}

#[tokio::test]
async fn cut_short_changed_and_foreign_files_each_get_their_sentence() {
    let a = TestCore::with_me().await;
    fill(&a).await;
    let out = tempfile::tempdir().unwrap();
    let (b, b_db) = other_data().await;
    let before = dump(&b_db).await;
    for options in [CreateOptions::default(), encrypted("pw")] {
        let key = options.passphrase.clone();
        let file = out.path().join("whole.backup");
        create(&a.dir.path().join(DB), &file, &options).unwrap();
        let bytes = std::fs::read(&file).unwrap();

        let cut = out.path().join("cut.backup");
        for len in [bytes.len() / 2, bytes.len() - 700, 600] {
            std::fs::write(&cut, &bytes[..len]).unwrap();
            backup_error(verify(&cut, key.as_ref()), "incomplete");
            backup_error(restore(&b_db, &cut, key.as_ref()), "incomplete");
        }

        let changed = out.path().join("changed.backup");
        let mut tampered = bytes.clone();
        tampered[bytes.len() / 3] ^= 0x40;
        std::fs::write(&changed, &tampered).unwrap();
        backup_error(verify(&changed, key.as_ref()), "damaged");
        backup_error(restore(&b_db, &changed, key.as_ref()), "damaged");
    }
    for (name, contents) in
        [("random.bin", noise(100_000, 3)), ("empty", vec![]), ("text.txt", b"hello\n".to_vec())]
    {
        let path = out.path().join(name);
        std::fs::write(&path, contents).unwrap();
        backup_error(verify(&path, None), "not a Fieldbook backup");
        backup_error(restore(&b_db, &path, None), "not a Fieldbook backup");
    }
    backup_error(verify(&out.path().join("missing.backup"), None), "does not exist");
    assert_eq!(dump(&b_db).await, before, "a refused restore changed the data");
    assert_eq!(names(b.path()), OTHER_DATA, "a refused restore left something");
}

#[tokio::test]
async fn a_backup_from_a_newer_schema_is_refused_before_anything_is_extracted() {
    let a = TestCore::with_me().await;
    a.org("From the future").await;
    let db = a.dir.path().join(DB);
    let mut conn = sqlx::sqlite::SqliteConnectOptions::new().filename(&db).connect().await.unwrap();
    sqlx::query(
        "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time)
         VALUES (99990101000000, 'future', 1, x'00', 0)",
    )
    .execute(&mut conn)
    .await
    .unwrap();
    conn.close().await.unwrap();
    let out = tempfile::tempdir().unwrap();
    let file = out.path().join("future.backup");
    let made = create(&db, &file, &CreateOptions::default()).unwrap();
    assert_eq!(made.schema_version, 99990101000000);

    let (b, b_db) = other_data().await;
    let before = dump(&b_db).await;
    let mut phases = Vec::new();
    let result = backup::restore(
        &b_db,
        &file,
        None,
        &OsKeyring,
        &mut |p| phases.push(p.phase),
        &AtomicBool::new(false),
    );
    backup_error(result, "made by a newer Fieldbook; update Fieldbook first");
    assert!(!phases.contains(&Phase::Checking), "it went on to check: {phases:?}");
    assert_eq!(dump(&b_db).await, before);
    assert_eq!(names(b.path()), OTHER_DATA);
}

#[tokio::test]
async fn restore_is_refused_while_another_core_has_the_data_open() {
    let a = TestCore::with_me().await;
    fill(&a).await;
    let out = tempfile::tempdir().unwrap();
    let file = out.path().join("x.backup");
    create(&a.dir.path().join(DB), &file, &CreateOptions::default()).unwrap();
    let (b, b_db) = other_data().await;
    let open = Core::open(&b_db).await.unwrap();
    match restore(&b_db, &file, None) {
        Err(Error::InUse(message)) => {
            assert_eq!(message, "Fieldbook is open in another window or process; close it and try again.")
        }
        other => panic!("expected InUse, got {other:?}"),
    }
    assert_eq!(names(b.path()), OTHER_DATA);
    open.close().await;
    drop(open);
    restore(&b_db, &file, None).unwrap();
    assert_eq!(dump(&b_db).await, dump(&a.dir.path().join(DB)).await);
}

#[tokio::test]
async fn cancelling_create_verify_or_restore_leaves_nothing_behind() {
    let a = TestCore::with_me().await;
    fill(&a).await;
    let db = a.dir.path().join(DB);
    let out = tempfile::tempdir().unwrap();
    let file = out.path().join("c.backup");
    // Cancels when `phase` begins.
    let cancel_at = |phase: Phase| {
        move |p: backup::Progress, cancel: &AtomicBool| {
            if p.phase == phase {
                cancel.store(true, Ordering::Relaxed);
            }
        }
    };
    for phase in [Phase::Snapshot, Phase::Writing] {
        let cancel = AtomicBool::new(false);
        let on = cancel_at(phase);
        let result = backup::create(
            &db,
            &file,
            &CreateOptions::default(),
            &OsKeyring,
            &mut |p| on(p, &cancel),
            &cancel,
        );
        assert!(matches!(result, Err(Error::Cancelled)), "{phase:?}: {result:?}");
        assert_eq!(names(out.path()), Vec::<String>::new(), "{phase:?} left a file");
        assert!(!names(a.dir.path()).iter().any(|n| n.starts_with("backup-work-")));
    }
    create(&db, &file, &CreateOptions::default()).unwrap();
    let cancel = AtomicBool::new(false);
    let on = cancel_at(Phase::Reading);
    let result = backup::verify(&file, None, &mut |p| on(p, &cancel), &cancel);
    assert!(matches!(result, Err(Error::Cancelled)), "{result:?}");

    let (b, b_db) = other_data().await;
    let before = dump(&b_db).await;
    for phase in [Phase::Reading, Phase::Checking] {
        let cancel = AtomicBool::new(false);
        let on = cancel_at(phase);
        let result = backup::restore(&b_db, &file, None, &OsKeyring, &mut |p| on(p, &cancel), &cancel);
        assert!(matches!(result, Err(Error::Cancelled)), "{phase:?}: {result:?}");
        assert_eq!(dump(&b_db).await, before);
        assert_eq!(names(b.path()), OTHER_DATA, "{phase:?} left something");
    }
}

#[tokio::test]
async fn problems_with_the_destination_are_sentences_without_paths() {
    let a = TestCore::with_me().await;
    a.org("Acme").await;
    let db = a.dir.path().join(DB);
    let out = tempfile::tempdir().unwrap();
    backup_error(
        create(&db, &out.path().join("gone/x.backup"), &CreateOptions::default()),
        "folder does not exist",
    );
    common::assert_invalid(
        create(&db, &out.path().join("x"), &CreateOptions { passphrase: None, include_passwords: true }),
        "include_passwords",
        "encrypted backup",
    );
    std::fs::create_dir(out.path().join("a-folder")).unwrap();
    common::assert_invalid(
        create(&db, &out.path().join("a-folder"), &CreateOptions::default()),
        "file",
        "folder",
    );
    let empty = tempfile::tempdir().unwrap();
    backup_error(
        create(&empty.path().join(DB), &out.path().join("y"), &CreateOptions::default()),
        "no Fieldbook data",
    );
}

#[tokio::test]
async fn passwords_come_back_from_an_encrypted_backup_only_when_asked_for() {
    if !keyring_works() {
        return;
    }
    use fieldbook_core::system_types::{FieldInput, FieldKind, SystemTypeInput};
    use fieldbook_core::systems::{SecretChange, SystemInput};
    let a = TestCore::with_me().await;
    let org = a.org("Secretive Ltd").await;
    let kind = FieldInput { id: None, label: "Password".into(), kind: FieldKind::Secret, required: false };
    let t = a
        .system_types()
        .create(
            SystemTypeInput { name: "Router".into(), fields: vec![kind], confirm_removals: false },
            &a.me().await,
        )
        .await
        .unwrap();
    let planted = format!("backup-pw-{}", std::process::id());
    let system = a
        .systems()
        .create(
            SystemInput {
                organization_id: org.id,
                system_type_id: t.id,
                name: "Gateway".into(),
                notes: None,
                values: vec![],
                secrets: vec![SecretChange { field_id: t.fields[0].id, value: Some(planted.clone()) }],
            },
            &a.me().await,
        )
        .await
        .unwrap();
    let secret_id = system.fields[0].secret.as_ref().unwrap().id;
    let db = a.dir.path().join(DB);
    let out = tempfile::tempdir().unwrap();

    let without = out.path().join("without.backup");
    let made = create(&db, &without, &encrypted("pw")).unwrap();
    assert!(!made.passwords_included);
    let with = out.path().join("with.backup");
    let options = CreateOptions { passphrase: Some(pass("pw")), include_passwords: true };
    let made = create(&db, &with, &options).unwrap();
    assert!(made.passwords_included && made.passwords.contains("included"));

    // Lost from the keyring (a new machine): restored from the backup that has it.
    OsKeyring.delete(secret_id).unwrap();
    let (_b, b_db) = other_data().await;
    let done = restore(&b_db, &without, Some(&pass("pw"))).unwrap();
    assert_eq!((done.passwords_restored, done.passwords_kept), (0, 0));
    assert!(OsKeyring.get(secret_id).is_err());
    let done = restore(&b_db, &with, Some(&pass("pw"))).unwrap();
    assert_eq!((done.passwords_restored, done.passwords_kept), (1, 0));
    assert_eq!(OsKeyring.get(secret_id).unwrap(), planted);
    // Already there: left alone.
    OsKeyring.set(secret_id, "changed since").unwrap();
    let done = restore(&b_db, &with, Some(&pass("pw"))).unwrap();
    assert_eq!((done.passwords_restored, done.passwords_kept), (0, 1));
    assert_eq!(OsKeyring.get(secret_id).unwrap(), "changed since");
    OsKeyring.delete(secret_id).unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_made_while_writing_restores_to_exactly_its_snapshot() {
    let a = TestCore::with_me().await;
    fill(&a).await;
    let db = a.dir.path().join(DB);
    let stop = Arc::new(AtomicBool::new(false));
    let writer = {
        let (core, stop, src) = (a.core.clone(), Arc::clone(&stop), tempfile::tempdir().unwrap());
        tokio::spawn(async move {
            let mut n = 0u64;
            while !stop.load(Ordering::Relaxed) {
                n += 1;
                let org = core
                    .organizations()
                    .create(common::org_input(&format!("Busy {n}")), vec![])
                    .await
                    .unwrap();
                let path = src.path().join(format!("f{n}"));
                std::fs::write(&path, noise(40_000, 100 + n)).unwrap();
                let attached =
                    core.files().attach(Owner::Organization(org.id), &path, None, 10 << 20).await.unwrap();
                if n.is_multiple_of(3) {
                    core.files().delete(attached.id).await.unwrap();
                }
            }
            n
        })
    };
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let out = tempfile::tempdir().unwrap();
    let file = out.path().join("busy.backup");
    let (db2, file2) = (db.clone(), file.clone());
    let made = tokio::task::spawn_blocking(move || create(&db2, &file2, &CreateOptions::default()))
        .await
        .unwrap()
        .unwrap();
    stop.store(true, Ordering::Relaxed);
    let written = writer.await.unwrap();
    assert!(written > 3, "the writer hardly ran ({written})");

    verify(&file, None).unwrap();
    let (b, b_db) = other_data().await;
    restore(&b_db, &file, None).unwrap();
    let restored = dump(&b_db).await;
    let counts: BTreeMap<String, u64> =
        restored.iter().map(|(t, rows)| (t.clone(), rows.len() as u64)).collect();
    assert_eq!(counts, made.counts);
    let files = blobs(b.path());
    for row in &restored["blobs"] {
        let sha = row.split('|').next().unwrap().trim_matches('\'');
        let bytes = files.get(sha).unwrap_or_else(|| panic!("blob {sha} missing after restore"));
        use sha2::Digest;
        assert_eq!(format!("{:x}", sha2::Sha256::digest(bytes)), sha);
    }
    assert_eq!(files.len() as u64, made.files);
}

#[tokio::test]
async fn automatic_backups_go_to_the_chosen_folder_keep_the_newest_and_record_failures() {
    use fieldbook_core::backup::auto::{AutoBackupSettings, Reason};
    let core = TestCore::with_me().await;
    core.org("Acme").await;
    let backups = core.backups();
    let never = Arc::new(AtomicBool::new(false));
    // Off until a folder is chosen; no good backup yet is a warning.
    assert!(backups.run(Reason::Daily, |_| {}, never.clone()).await.unwrap().is_none());
    let status = backups.status().await.unwrap();
    assert!(status.stale && status.last_ok_at.is_none());
    assert!(!backups.due().await.unwrap(), "nothing is due without a folder");

    let folder = tempfile::tempdir().unwrap();
    let gone = folder.path().join("unplugged");
    let refused =
        backups.set_settings(AutoBackupSettings { folder: Some(gone.display().to_string()), keep: 2 }).await;
    common::assert_invalid(refused, "folder", "does not exist");
    let settings = AutoBackupSettings { folder: Some(folder.path().display().to_string()), keep: 2 };
    backups.set_settings(settings.clone()).await.unwrap();
    assert!(backups.due().await.unwrap());

    for reason in [Reason::Daily, Reason::BeforeImport, Reason::BeforeImport] {
        let made = backups.run(reason, |_| {}, never.clone()).await.unwrap().expect("no backup made");
        assert_eq!(made.counts["organizations"], 1);
    }
    let files = names(folder.path());
    assert_eq!(files.len(), 2, "the oldest beyond 2 stays: {files:?}");
    assert!(files.iter().all(|f| f.contains("before-import")), "{files:?}");
    for f in &files {
        verify(&folder.path().join(f), None).unwrap();
    }
    let status = backups.status().await.unwrap();
    assert!(!status.stale && status.last_error.is_none());
    assert!(files.contains(status.last_file.as_ref().unwrap()));
    assert!(!backups.due().await.unwrap(), "a backup was just made");

    // The folder vanishes (a drive unplugged): a sentence, recorded for Settings; the last good
    // backup is still the one shown.
    let moved = tempfile::tempdir().unwrap();
    let elsewhere = moved.path().join("was-here");
    std::fs::rename(folder.path(), &elsewhere).unwrap();
    backup_error(backups.run(Reason::Daily, |_| {}, never).await, "not there");
    let after = backups.status().await.unwrap();
    assert!(after.last_error.as_deref().is_some_and(|e| e.contains("not there")));
    assert_eq!(after.last_ok_at, status.last_ok_at);
    std::fs::rename(&elsewhere, folder.path()).unwrap();
}
