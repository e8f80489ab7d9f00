//! The content-addressed file store on a real SQLite file and a real directory.

mod common;

use std::path::Path;

use common::{TestCore, assert_invalid};
use fieldbook_core::files::Owner;
use fieldbook_core::private_temp::PrivateTemp;
use sha2::{Digest, Sha256};

const MIB: u64 = 1024 * 1024;

fn write(dir: &Path, name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

fn blob_files(core: &TestCore) -> Vec<std::path::PathBuf> {
    let root = core.dir.path().join("files");
    let mut out = Vec::new();
    let Ok(dirs) = std::fs::read_dir(root) else { return out };
    for dir in dirs.flatten().filter(|d| d.file_name() != "tmp") {
        out.extend(std::fs::read_dir(dir.path()).unwrap().flatten().map(|e| e.path()));
    }
    out
}

#[tokio::test]
async fn identical_contents_are_stored_once_and_removed_with_the_last_reference() {
    let core = TestCore::with_me().await;
    let org = core.org("Acme").await;
    let person = core.person_at(&org, "Ann", "Lee").await;
    let src = tempfile::tempdir().unwrap();
    let backup = write(src.path(), "router-backup.cfg", b"hostname gw1\ninterface eth0\n");
    let a = core.files().attach(Owner::Organization(org.id), &backup, None, 10 * MIB).await.unwrap();
    let b = core
        .files()
        .attach(Owner::Person(person.id), &backup, Some("copy.cfg".into()), 10 * MIB)
        .await
        .unwrap();
    assert_eq!(a.sha256, b.sha256);
    assert_eq!(a.size, 28);
    assert_eq!(a.name, "router-backup.cfg");
    assert_eq!(a.media_type, "text/plain");
    assert_eq!(a.sha256, format!("{:x}", Sha256::digest(b"hostname gw1\ninterface eth0\n")));
    assert_eq!(blob_files(&core).len(), 1, "identical contents stored twice");

    let listed = core.files().list(Owner::Organization(org.id)).await.unwrap();
    assert_eq!(listed.iter().map(|f| f.name.as_str()).collect::<Vec<_>>(), ["router-backup.cfg"]);

    core.files().delete(a.id).await.unwrap();
    assert_eq!(blob_files(&core).len(), 1, "contents removed while still referenced");
    let copy = src.path().join("saved.cfg");
    core.files().save_copy(b.id, &copy).await.unwrap();
    assert_eq!(std::fs::read(&copy).unwrap(), b"hostname gw1\ninterface eth0\n");
    core.files().delete(b.id).await.unwrap();
    assert!(blob_files(&core).is_empty(), "unreferenced contents left behind");
}

#[tokio::test]
async fn hostile_names_stay_labels_and_the_size_limit_is_enforced() {
    let core = TestCore::with_me().await;
    let org = core.org("Acme").await;
    let src = tempfile::tempdir().unwrap();
    let file = write(src.path(), "plain.txt", b"x");
    let owner = Owner::Organization(org.id);
    let temp_root = src.path().join("opened");
    let temp = PrivateTemp::open(&temp_root).unwrap();
    let long = format!("{}.pdf", "ä".repeat(200));
    for hostile in ["../../../etc/passwd", "..\\..\\boot.ini", "evil\u{1b}[31m\nname.txt", long.as_str()] {
        let attached = core.files().attach(owner, &file, Some(hostile.into()), MIB).await.unwrap();
        assert!(!attached.name.chars().any(char::is_control), "{:?}", attached.name);
        assert!(attached.name.len() <= 255);
        let opened = core.files().copy_for_opening(attached.id, &temp).await.unwrap();
        assert!(opened.starts_with(&temp_root), "{} escaped", opened.display());
        assert_eq!(opened.parent().unwrap().parent().unwrap(), temp_root);
        assert!(
            !opened.file_name().unwrap().to_string_lossy().contains(['\\', '\u{1b}', '\n']),
            "{}",
            opened.display()
        );
        assert_eq!(std::fs::read(&opened).unwrap(), b"x");
    }

    let big = write(src.path(), "big.bin", &vec![7u8; (MIB + 1) as usize]);
    assert_invalid(
        core.files().attach(owner, &big, None, MIB).await,
        "file",
        "larger than the limit of 1 MiB",
    );
    assert_eq!(core.files().list(owner).await.unwrap().len(), 4);
    let tmp = core.dir.path().join("files/tmp");
    assert_eq!(std::fs::read_dir(tmp).unwrap().count(), 0, "a refused file left a partial copy");
}

#[tokio::test]
async fn a_logo_must_be_an_image_and_replacing_it_frees_the_old_one() {
    let core = TestCore::with_me().await;
    let org = core.org("Acme").await;
    let src = tempfile::tempdir().unwrap();
    let png = write(src.path(), "logo.png", &[0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
    let jpeg = write(src.path(), "logo.jpg", &[0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]);
    let text = write(src.path(), "logo.png.txt", b"not an image");
    assert_invalid(core.logos().set(org.id, &text).await, "logo", "PNG or JPEG");
    assert!(blob_files(&core).is_empty());
    core.logos().set(org.id, &png).await.unwrap();
    assert!(core.organizations().get(org.id).await.unwrap().has_logo);
    assert_eq!(core.logos().get(org.id).await.unwrap().unwrap().media_type, "image/png");
    core.logos().set(org.id, &jpeg).await.unwrap();
    assert_eq!(core.logos().get(org.id).await.unwrap().unwrap().media_type, "image/jpeg");
    assert_eq!(blob_files(&core).len(), 1, "the old logo was kept");
    core.logos().clear(org.id).await.unwrap();
    assert!(core.logos().get(org.id).await.unwrap().is_none());
    assert!(blob_files(&core).is_empty());
}

#[tokio::test]
async fn garbage_collection_spares_referenced_and_recent_files() {
    let core = TestCore::with_me().await;
    let org = core.org("Acme").await;
    let src = tempfile::tempdir().unwrap();
    let kept = write(src.path(), "kept.txt", b"kept");
    core.files().attach(Owner::Organization(org.id), &kept, None, MIB).await.unwrap();
    // An orphan (as a crash between rename and commit leaves) and a partial copy, both old.
    let root = core.dir.path().join("files");
    let orphan = root.join("ab").join(format!("ab{}", "0".repeat(62)));
    std::fs::create_dir_all(orphan.parent().unwrap()).unwrap();
    std::fs::write(&orphan, b"orphan").unwrap();
    let partial = root.join("tmp").join("x.part");
    std::fs::write(&partial, b"half").unwrap();
    let fresh = root.join("tmp").join("fresh.part");
    std::fs::write(&fresh, b"in progress").unwrap();
    let old = std::time::SystemTime::now() - std::time::Duration::from_secs(2 * 3600);
    for p in [&orphan, &partial] {
        std::fs::File::options().write(true).open(p).unwrap().set_modified(old).unwrap();
    }
    assert_eq!(core.files().collect_garbage().await.unwrap(), 2);
    assert!(!orphan.exists() && !partial.exists());
    assert!(fresh.exists(), "an attach in progress lost its copy");
    assert_eq!(blob_files(&core).len(), 1, "a referenced file was removed");
}

#[cfg(unix)]
#[test]
fn private_copies_are_owner_only_never_follow_a_planted_link_and_are_swept() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;

    // A folder left world-writable is made owner-only again; copies are owner-only too.
    let root = dir.path().join("opened");
    std::fs::create_dir(&root).unwrap();
    std::fs::set_permissions(&root, std::fs::Permissions::from_mode(0o777)).unwrap();
    let temp = PrivateTemp::open(&root).unwrap();
    assert_eq!(mode(&root), 0o700);
    let copy = temp.write("statement.pdf", b"%PDF").unwrap();
    assert_eq!(mode(copy.parent().unwrap()), 0o700);
    assert_eq!(mode(&copy), 0o600);
    assert_eq!(std::fs::read(&copy).unwrap(), b"%PDF");
    let second = temp.write("statement.pdf", b"%PDF-2").unwrap();
    assert_ne!(second, copy, "a second copy of the same name must not reuse the first's path");

    // A symlink planted where the folder should be is refused, its target untouched.
    let target = dir.path().join("elsewhere");
    std::fs::create_dir(&target).unwrap();
    let planted = dir.path().join("planted");
    std::os::unix::fs::symlink(&target, &planted).unwrap();
    assert!(PrivateTemp::open(&planted).is_err());
    assert_eq!(std::fs::read_dir(&target).unwrap().count(), 0);

    // Start-up removes the copies older than the age given, and only those.
    assert_eq!(temp.sweep(std::time::Duration::from_secs(3600)), 0);
    assert_eq!(temp.sweep(std::time::Duration::ZERO), 2);
    assert_eq!(std::fs::read_dir(&root).unwrap().count(), 0);
}
