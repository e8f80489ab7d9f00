//! The database file itself: pragmas, reopening, and integrity.

mod common;

use common::TestCore;
use fieldbook_core::Core;

#[tokio::test]
async fn data_survives_reopening_and_the_file_is_wal_and_sound() {
    let core = TestCore::with_me().await;
    let path = core.dir.path().join("fieldbook.sqlite3");
    let org = core.org("Acme").await;
    core.close().await;

    let reopened = Core::open(&path).await.unwrap();
    assert_eq!(reopened.organizations().get(org.id).await.unwrap().name, "Acme");
    reopened.close().await;

    let output = std::process::Command::new("sqlite3")
        .arg(&path)
        .arg("PRAGMA journal_mode; PRAGMA integrity_check; SELECT count(*) FROM _sqlx_migrations;")
        .output();
    // The sqlite3 shell is a test dependency installed by `cargo xtask test`.
    let output = output.expect("sqlite3 CLI missing: run `cargo xtask test`, which installs it");
    let text = String::from_utf8_lossy(&output.stdout);
    // Every migration in the folder is applied, once.
    let migrations = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/migrations")).unwrap().count();
    assert_eq!(text.lines().collect::<Vec<_>>(), ["wal", "ok", migrations.to_string().as_str()]);
}

#[tokio::test]
async fn opening_creates_missing_directories() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a/b/fieldbook.sqlite3");
    let core = Core::open(&path).await.unwrap();
    core.close().await;
    assert!(path.exists());
}

/// The SHA-256 of every released migration. A database in the field has applied these exactly;
/// sqlx refuses to open it when one changes. Only the newest migration (not listed here yet)
/// may still change before it is released; when adding the next one, list the previous newest.
const RELEASED_MIGRATIONS: &[(&str, &str)] = &[
    ("0001_organizations_people.sql", "9bbd7f5521d8c49fc66439f4fed065435e327123fe896aa5f4a56e992b6d10fe"),
    ("0002_site_details.sql", "4f809b3c1773cf30636ecb950ad1284f43e0911c28c3f704069e68375eb311a9"),
    ("0003_search.sql", "dd8005ab0a27c14efc277345d4c8a65fc8833a1da8f5c43a3c4801f08fbc57e1"),
    ("0004_list_order.sql", "1506a56013d3062904e917f8cae7b662d6cce2ec22eb67d7408039cc572e0d5b"),
    ("0005_imports.sql", "8eb926584d3605c0d7823e81aff490839f85deb63b882f29a13028e73b7f53e4"),
    ("0006_billing.sql", "1ab2d7deb15b86e20c1866ca95e34bc0fa8709cb14bffb5fb116d93ce308bc40"),
    ("0007_search_digits_once.sql", "e6318ad11c438cd3a83024289b654b53ef229240865e45d8d4a4948825ab8ae3"),
    ("0008_search_per_kind.sql", "1ea01fb9abd5307676bf8b2879d3647889ebc97dad14bec79a1f91bbdc3933b9"),
    ("0009_active_list_order.sql", "cba10e62e5145e94c0ee841b183350d1ba7fa5717ad3a17e98269259f97fe43e"),
    ("0010_secrets_never_lost.sql", "81ccfc7eaad94e66b1e530972da3d27b3519ab9a7633c663038f936e6195413a"),
    ("0011_staff.sql", "068e82c1f87bc4c568bc3d7250418060a4d3d448c97163fc27d675cf164fe827"),
    (
        "0012_members_stream_activities.sql",
        "26c8f77bb0c0556211ecb27ca40b1118c019bcf0268f434cb8b0881b9c03bdae",
    ),
    ("0013_emails.sql", "a0539a47f58dd96e13648ac3cd1bc5bd3da17ecdba66b0a96d2e6a274120b7e9"),
    ("0014_merges.sql", "355064034984163c6de07737b3a39ab2647326dfa4e72a23e67c95a4220dbcbb"),
    ("0015_team_sync.sql", "e809414b1cb3707c1383e11550801a569597d19e35a19a2b50a92b9a4f05cd8c"),
    ("0016_vault.sql", "a48f0abdcda52719b8bfdb64d2799e8e38c33f322626450b7ef927e3cfb14a31"),
    ("0017_secret_audit_machine.sql", "041bf36bca65149dd6b98318c1eb30ce11d19a02e30b04c7211eada4406d2b37"),
    ("0018_contracts.sql", "0e1a57a39b6a3e315bc7ba929d9b8a7df99967af7181e2680dc02eaa78a9ecee"),
    ("0019_prepaid_hours.sql", "d2a46009423221834596bb2f28c786e6d5861ee8869645f9d54103408ee5af6c"),
    ("0020_ticket_thread.sql", "215256093840834294f71ad667c37816e3534f666397e28e91b8e546af1aaa6a"),
    ("0021_contract_documents.sql", "39793eff9a6d174f37515706f03519d46b9ace306563d380f10668b35e31fdd6"),
    ("0022_ticket_desk_order.sql", "b158a5bef5609ba7a28abc1289f7cad09e26eac08434b4aa1988a9af4ef4d24a"),
    ("0023_unpaid_invoices.sql", "3427ae4c0f9c85bdad7b6995a3a8a0244b0cdb53fa3e0d628653b08123cf2128"),
    ("0024_custom_fields.sql", "332ee8cfbdfac8fdd4642420eece7623eed323a9b01f4742f3db3e24a7b3dbba"),
];

/// Team server migrations (`server-migrations/`) released so far, the same way: a server that
/// applied one refuses to migrate when its file changed.
const RELEASED_SERVER_MIGRATIONS: &[(&str, &str)] = &[
    ("0001_team_server.sql", "bbfc648633dd1c23e1d613564231c5dbb84c00849c7355d6ff6c3c8eca5daa23"),
    ("0002_three_way.sql", "ea1a23f481e15b86bc8253ff71c1ea91184b0922d7fa1fff5e3fcb063dce1b59"),
    ("0003_blobs.sql", "2edfb4fe4af240e226189b4678091f63b24eef4c93892dec49ed070f3e5b3022"),
    ("0004_invoice_numbers.sql", "5864be39236ec4946f237094d47c3154bdfaa14c60cad5faf27574ff4b24155b"),
    ("0005_vault.sql", "d7e07126100c8eebbd3036c020732b09a0440ebff364cd76893aa3d31df27bb5"),
];

#[test]
fn released_migrations_are_never_edited_and_every_older_one_is_listed() {
    frozen(concat!(env!("CARGO_MANIFEST_DIR"), "/migrations"), RELEASED_MIGRATIONS, "RELEASED_MIGRATIONS");
    frozen(
        concat!(env!("CARGO_MANIFEST_DIR"), "/server-migrations"),
        RELEASED_SERVER_MIGRATIONS,
        "RELEASED_SERVER_MIGRATIONS",
    );
}

/// Every listed migration in `dir` is unchanged, and every one but the newest is listed.
fn frozen(dir: &str, released: &[(&str, &str)], list: &str) {
    use sha2::{Digest, Sha256};
    let mut files: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".sql"))
        .collect();
    files.sort();
    for (name, expected) in released {
        let bytes = std::fs::read(format!("{dir}/{name}"))
            .unwrap_or_else(|e| panic!("released migration {name} is gone ({e}); never delete one"));
        let actual: String = Sha256::digest(&bytes).iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(
            &actual, expected,
            "{name} changed after release: databases that applied it will refuse to open. Revert it \
             and put the change in a new migration."
        );
    }
    // Everything but the newest must be listed (and so frozen).
    let newest = files.last().cloned().unwrap_or_default();
    for name in files.iter().filter(|n| **n != newest) {
        assert!(
            released.iter().any(|(listed, _)| listed == name),
            "{name} is no longer the newest migration: add its SHA-256 to {list}"
        );
    }
}
