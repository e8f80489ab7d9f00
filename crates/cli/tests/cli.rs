//! The CLI binary against a real database file: what a script would run and read.

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

fn cli(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_fieldbook-cli"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("FIELDBOOK_DB")
        .output()
        .unwrap()
}

fn json(db: &Path, args: &[&str]) -> Value {
    let mut all = vec!["--json"];
    all.extend_from_slice(args);
    let out = cli(db, &all);
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

/// A database whose machine user is "Tess Tester" (the first staff member, so an admin).
fn with_user(db: &Path) {
    json(db, &["staff", "add", "Tess Tester", "--me"]);
}

#[test]
fn add_list_show_archive_organizations_and_people() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cli.sqlite3");
    with_user(&db);
    let acme = json(&db, &["org", "add", "--name", "Acme Ltd", "--account", "1001", "--city", "Leeds"]);
    assert_eq!(acme["account_number"], "1001");
    json(&db, &["org", "add", "--name", "Acme York", "--parent", "1001", "--city", "York"]);
    let ann = json(&db, &["person", "add", "--first", "Ann", "--last", "Archer", "--org", "1001"]);
    assert_eq!(ann["address"]["city"], "Leeds", "inherited from the organization");

    let list = json(&db, &["org", "list", "--sort", "city"]);
    let names: Vec<_> = list.as_array().unwrap().iter().map(|o| o["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["Acme Ltd", "Acme York"]);

    let detail = json(&db, &["org", "show", acme["id"].as_str().unwrap()]);
    assert_eq!(detail["sites"][0]["name"], "Acme York");
    assert_eq!(detail["people"][0]["first_name"], "Ann");

    json(&db, &["org", "archive", "1001"]);
    assert_eq!(json(&db, &["org", "list"]).as_array().unwrap().len(), 1);
    assert_eq!(json(&db, &["org", "list", "--archived"]).as_array().unwrap().len(), 2);
    json(&db, &["org", "restore", "1001"]);

    let people = json(&db, &["person", "list", "--org", "1001"]);
    assert_eq!(people[0]["last_name"], "Archer");
    let text = cli(&db, &["person", "list"]);
    assert!(String::from_utf8_lossy(&text.stdout).contains("Ann Archer"));
}

#[test]
fn refused_input_exits_2_and_names_the_field() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cli.sqlite3");
    with_user(&db);
    json(&db, &["org", "add", "--name", "Acme Ltd", "--account", "1001"]);

    let out = cli(&db, &["org", "add", "--name", "Beta", "--account", "1001"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("already used by Acme Ltd") && err.contains("--account"), "{err}");

    let out = cli(&db, &["--json", "person", "add", "--first", "Ann", "--email", "nope"]);
    assert_eq!(out.status.code(), Some(2));
    let err: Value = serde_json::from_slice(&out.stderr).unwrap();
    assert_eq!(err["field"], "email");

    let out = cli(&db, &["org", "show", "no-such-account"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no-such-account"));
    assert_eq!(json(&db, &["person", "list"]), Value::Array(vec![]), "nothing was written");
}

#[test]
fn help_describes_the_database_location() {
    let out = Command::new(env!("CARGO_BIN_EXE_fieldbook-cli")).arg("--help").output().unwrap();
    let help = String::from_utf8_lossy(&out.stdout);
    assert!(help.contains("--db") && help.contains("FIELDBOOK_DATA_DIR"), "{help}");
}

#[test]
fn search_finds_by_any_fragment() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cli.sqlite3");
    with_user(&db);
    json(&db, &["org", "add", "--name", "Müller Haustechnik", "--phone", "0113 496 0000"]);
    json(&db, &["person", "add", "--first", "Ann", "--last", "Archer", "--company", "Müller"]);
    let found = json(&db, &["search", "muller", "--kind", "organization"]);
    assert_eq!(found["groups"][0]["hits"][0]["title"], "Müller Haustechnik");
    let by_phone = json(&db, &["search", "01134960000"]);
    assert_eq!(by_phone["groups"][0]["kind"], "organization");
    let text = cli(&db, &["search", "arch"]);
    assert!(String::from_utf8_lossy(&text.stdout).contains("Ann Archer"));
}

#[test]
fn export_writes_importable_columns_and_defuses_formulas() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cli.sqlite3");
    with_user(&db);
    json(
        &db,
        &[
            "org",
            "add",
            "--name",
            "=HYPERLINK(\"http://x\",\"click\")",
            "--account",
            "1001",
            "--city",
            "Leeds",
            "--phone",
            "+44 113 496 0000",
        ],
    );
    json(&db, &["org", "add", "--name", "Acme York", "--parent", "1001"]);
    json(&db, &["person", "add", "--first", "Ann", "--last", "Archer", "--org", "1001"]);
    let orgs = dir.path().join("orgs.csv");
    let out = cli(&db, &["export", "orgs", orgs.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = std::fs::read_to_string(&orgs).unwrap();
    let mut lines = text.lines();
    assert!(lines.next().unwrap().starts_with("Account number,Name,DBA name,Parent account,"));
    assert!(text.contains("1001,\"'=HYPERLINK(\"\"http://x\"\",\"\"click\"\")\""), "{text}");
    assert!(text.contains("'+44 113 496 0000"), "{text}");
    assert!(text.contains(",Acme York,,1001,"), "the site names its parent's account: {text}");
    let people = dir.path().join("people.csv");
    assert!(cli(&db, &["export", "people", people.to_str().unwrap()]).status.success());
    let text = std::fs::read_to_string(&people).unwrap();
    assert!(text.contains("Ann,Archer,"), "{text}");
    assert!(text.contains(",1001,,,Leeds,"), "the inherited city is exported: {text}");
    assert!(!dir.path().join(".people.csv.part").exists());
}

#[test]
fn an_export_split_like_a_spreadsheet_starts_no_formula_and_imports_back_as_typed() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cli.sqlite3");
    with_user(&db);
    let names = [
        "Acme;=cmd|' /C calc'!A0",
        "'=typed with an apostrophe",
        "Tab\t+SUM(1)",
        "Semi; @here, -there",
        "\u{FF1D}1+1 full-width",
        "Plain Ltd",
    ];
    for (i, name) in names.iter().enumerate() {
        let account = format!("A{i}");
        json(&db, &["org", "add", "--name", name, "--account", &account, "--notes", "line one\n=2+3\r\n-4"]);
    }
    let file = dir.path().join("orgs.csv");
    assert!(cli(&db, &["export", "orgs", file.to_str().unwrap()]).status.success());
    let text = std::fs::read_to_string(&file).unwrap();

    // A spreadsheet in another locale splits on ; or tab (and every line break) whatever the
    // quotes say: no part may start a formula.
    for part in text.split([';', '\t', ',', '\n', '\r']) {
        let part = part.trim_start_matches('"').trim_start();
        assert!(!part.starts_with(['=', '+', '-', '@', '\u{FF1D}']), "{part:?} starts a formula in:\n{text}");
    }
    // Cells holding ; , tab or line breaks are quoted.
    assert!(text.contains("\"Semi;' @here,' -there\""), "{text}");

    // Imported into a fresh database, every value is what was typed.
    let fresh = dir.path().join("fresh.sqlite3");
    with_user(&fresh);
    let done = json(&fresh, &["import", "orgs", file.to_str().unwrap()]);
    assert_eq!(done["applied"]["created"], names.len());
    let list = json(&fresh, &["org", "list"]);
    let mut imported: Vec<String> =
        list.as_array().unwrap().iter().map(|o| o["name"].as_str().unwrap().to_owned()).collect();
    let mut expected: Vec<String> = names.iter().map(|n| n.to_string()).collect();
    imported.sort();
    expected.sort();
    assert_eq!(imported, expected);
    let shown = json(&fresh, &["org", "show", "A0"]);
    assert_eq!(shown["organization"]["notes"], "line one\n=2+3\r\n-4");
}

#[test]
fn import_previews_refuses_errors_applies_and_undoes() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cli.sqlite3");
    with_user(&db);
    // German Excel: Windows-1252, semicolons.
    let file = dir.path().join("kunden.csv");
    std::fs::write(
        &file,
        b"Kundennummer;Firma;PLZ;Ort;E-Mail\nK1;B\xe4ckerei Gro\xdf;80331;M\xfcnchen;info@baeckerei.example\nK2;Kaputt;1;Bonn;nope\n",
    )
    .unwrap();
    let path = file.to_str().unwrap();
    let dry = json(&db, &["import", "orgs", path, "--dry-run"]);
    assert_eq!(dry["format"]["encoding"], "windows1252");
    assert_eq!(dry["format"]["delimiter"], "semicolon");
    assert_eq!(dry["summary"]["create"], 1);
    assert_eq!(dry["errors"][0]["row"], 3);
    assert_eq!(dry["errors"][0]["column"], "E-Mail");
    assert!(dry["applied"].is_null());

    let refused = cli(&db, &["import", "orgs", path]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("nothing was imported"));
    assert_eq!(json(&db, &["org", "list"]).as_array().unwrap().len(), 0);

    let done = json(&db, &["import", "orgs", path, "--skip-errors"]);
    assert_eq!(done["applied"]["created"], 1);
    // The same file again: nothing to do, nothing recorded, not an error.
    let again = json(&db, &["import", "orgs", path, "--skip-errors"]);
    assert!(again["applied"].is_null());
    assert_eq!(again["summary"]["skip"], 1);
    let list = json(&db, &["org", "list"]);
    assert_eq!(list[0]["name"], "Bäckerei Groß");
    assert_eq!(list[0]["address"]["city"], "München");

    // A mapping file sends "Firma" to the DBA name and keeps the rest automatic.
    let mapping = dir.path().join("mapping.json");
    std::fs::write(&mapping, r#"{"Firma": "dba_name", "E-Mail": "ignore"}"#).unwrap();
    let mapped = json(&db, &["import", "orgs", path, "--dry-run", "--mapping", mapping.to_str().unwrap()]);
    assert_eq!(mapped["mapping"][1], serde_json::json!(["Firma", "dba_name"]));
    assert_eq!(mapped["summary"]["update"], 1, "K1 gets a DBA name; K2 now lacks a name");

    let history = json(&db, &["import", "history"]);
    assert_eq!(history[0]["file_name"], "kunden.csv");
    json(&db, &["import", "undo"]);
    assert_eq!(json(&db, &["org", "list"]).as_array().unwrap().len(), 0);
    let nothing = cli(&db, &["import", "undo"]);
    assert_eq!(nothing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&nothing.stderr).contains("no import to undo"));
}

#[test]
fn the_organization_importer_links_free_text_companies() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cli.sqlite3");
    with_user(&db);
    json(&db, &["person", "add", "--first", "Ann", "--last", "A", "--company", "Delta Ltd"]);
    json(&db, &["person", "add", "--first", "Ben", "--last", "B", "--company", "DELTA limited"]);
    let groups = json(&db, &["import", "companies"]);
    assert_eq!(groups.as_array().unwrap().len(), 1);
    assert_eq!(groups[0]["people"].as_array().unwrap().len(), 2);
    let done = json(&db, &["import", "companies", "--apply"]);
    assert_eq!((done["created"].as_u64(), done["updated"].as_u64()), (Some(1), Some(2)));
    let orgs = json(&db, &["org", "list"]);
    assert_eq!(orgs.as_array().unwrap().len(), 1);
    assert_eq!(
        json(&db, &["person", "list", "--org", orgs[0]["id"].as_str().unwrap()]).as_array().unwrap().len(),
        2
    );
}

#[test]
fn bill_time_take_a_payment_and_write_statements() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cli.sqlite3");
    with_user(&db);
    json(&db, &["org", "add", "--name", "Москва Сервис", "--account", "RU-1"]);
    let ticket = json(&db, &["ticket", "add", "--org", "RU-1", "--subject", "Router down"]);
    assert_eq!(ticket["ticket"]["number"], 1);
    let entry = json(&db, &["time", "add", "1", "--minutes", "45", "--date", "2026-10-05", "--rate", "100"]);
    assert_eq!(entry["amount"], 7_500);
    let invoices =
        json(&db, &["invoice", "create", "--period", "2026-10-01..2026-10-31", "--issue-date", "2026-11-01"]);
    assert_eq!(invoices[0]["total"], 7_500);
    let paid = json(&db, &["payment", "add", "--org", "RU-1", "--amount", "25.00", "--date", "2026-11-20"]);
    assert_eq!(paid["allocated"], 2_500);
    let pdf = dir.path().join("statement.pdf");
    let written = json(
        &db,
        &[
            "statement",
            "RU-1",
            "--as-of",
            "2026-12-31",
            "--kind",
            "open-items",
            "--out",
            pdf.to_str().unwrap(),
        ],
    );
    assert_eq!(written["balance"], 5_000);
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF"));
    let invoice_pdf = dir.path().join("invoice.pdf");
    let number = invoices[0]["number"].as_str().unwrap();
    let shown = json(&db, &["invoice", "pdf", number, "--out", invoice_pdf.to_str().unwrap()]);
    assert_eq!(shown[0]["number"], number);
    assert!(std::fs::read(&invoice_pdf).unwrap().starts_with(b"%PDF"));
    let batch = dir.path().join("batch");
    let all = json(&db, &["statements", "--as-of", "2026-12-31", "--out-dir", batch.to_str().unwrap()]);
    assert_eq!(all["files"].as_array().unwrap().len(), 1);
    let manual = json(
        &db,
        &["invoice", "manual", "--org", "RU-1", "--line", "Router=249.00", "--issue-date", "2026-12-01"],
    );
    assert_eq!(manual[0]["lines"][0]["description"], "Router");
    assert_eq!(manual[0]["number"], "INV-00002");
    // Customers sharing a name (or one differing in case only) each get their own file.
    for (name, account) in [("Москва Сервис", "RU-2"), ("москва сервис", "RU-3")] {
        json(&db, &["org", "add", "--name", name, "--account", account]);
        json(
            &db,
            &["invoice", "manual", "--org", account, "--line", "Visit=80.00", "--issue-date", "2026-12-01"],
        );
    }
    let batch = dir.path().join("batch2");
    let all = json(&db, &["statements", "--as-of", "2026-12-31", "--out-dir", batch.to_str().unwrap()]);
    let mut files: Vec<String> = std::fs::read_dir(&batch)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    assert_eq!(all["files"].as_array().unwrap().len(), 3);
    assert_eq!(
        files,
        [
            "Москва Сервис statement 2026-12-31 (RU-2).pdf",
            "Москва Сервис statement 2026-12-31.pdf",
            "москва сервис statement 2026-12-31 (RU-3).pdf",
        ]
    );
    let bad = cli(&db, &["payment", "add", "--org", "RU-1", "--amount", "1.234"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("not an amount"));
}

#[test]
fn who_did_it_is_a_staff_member_this_machines_user_or_as() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cli.sqlite3");
    json(&db, &["org", "add", "--name", "Acme Ltd", "--account", "1001"]);
    // Nothing that records who did it runs before someone is chosen, and the refusal says how.
    let out = cli(&db, &["note", "add", "--org", "1001", "--text", "called about the renewal"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("--as NAME") && err.contains("staff add NAME --me"), "{err}");

    let first = json(&db, &["staff", "add", "Uma Owner", "--role", "office", "--me"]);
    assert_eq!(first[0]["role"], "admin", "the first member is an admin");
    json(&db, &["staff", "add", "Vic Field"]);
    json(&db, &["note", "add", "--org", "1001", "--text", "by the machine's user"]);
    json(&db, &["--as", "vic field", "note", "add", "--org", "1001", "--text", "by Vic"]);
    let notes = json(&db, &["note", "list", "--org", "1001"]);
    let mut authors: Vec<&str> =
        notes.as_array().unwrap().iter().map(|n| n["author"].as_str().unwrap()).collect();
    authors.sort();
    assert_eq!(authors, ["Uma Owner", "Vic Field"]);

    // A technician cannot define system types; the refusal names the role.
    let out = cli(
        &db,
        &["--as", "Vic Field", "system-type", "add", "--name", "Router", "--field", "IP address:ip_address"],
    );
    assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stderr).contains("Only an admin can define system types"));
    json(&db, &["staff", "edit", "Vic Field", "--deactivate"]);
    assert_eq!(json(&db, &["staff", "list"]).as_array().unwrap().len(), 1);
    assert_eq!(json(&db, &["staff", "list", "--all"]).as_array().unwrap().len(), 2);
}

#[test]
fn org_and_person_edit_change_what_is_given_and_clear_what_is_empty() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cli.sqlite3");
    json(
        &db,
        &["org", "add", "--name", "Acme Ltd", "--account", "1001", "--city", "Leeds", "--phone", "0113 1"],
    );
    json(&db, &["org", "add", "--name", "Holding", "--account", "9000"]);
    let edited = json(&db, &["org", "edit", "1001", "--city", "York", "--phone", "", "--parent", "9000"]);
    assert_eq!(edited["address"]["city"], "York");
    assert_eq!(edited["phone"], serde_json::Value::Null, "an empty value clears");
    assert_eq!(edited["name"], "Acme Ltd", "what is not given stays");
    assert_eq!(edited["parent"]["name"], "Holding");
    let top = json(&db, &["org", "edit", "1001", "--parent", ""]);
    assert_eq!(top["parent"], serde_json::Value::Null);

    let ann = json(
        &db,
        &["person", "add", "--first", "Ann", "--last", "Archer", "--org", "1001", "--city", "Hull"],
    );
    let id = ann["id"].as_str().unwrap();
    let moved = json(&db, &["person", "edit", id, "--title", "Director", "--city", ""]);
    assert_eq!(moved["job_title"], "Director");
    assert_eq!(moved["address"]["city"], "York", "the cleared override inherits the organization's city");
    let out = cli(&db, &["person", "edit", "nope", "--title", "x"]);
    assert_eq!(out.status.code(), Some(2));
    let out = cli(&db, &["org", "edit", "1001", "--account", "9000"]);
    assert_eq!(out.status.code(), Some(2), "the account number stays unique");
}

#[test]
fn renamed_terms_show_in_the_human_output_and_statements_follow_lang() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cli.sqlite3");
    with_user(&db);
    json(&db, &["org", "add", "--name", "Acme Ltd", "--account", "1001"]);
    json(&db, &["org", "add", "--name", "Acme York", "--parent", "1001"]);
    json(&db, &["person", "add", "--first", "Ann", "--last", "Archer", "--org", "1001"]);
    let text = |args: &[&str]| {
        let out = cli(&db, args);
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr))
    };
    assert!(text(&["org", "list"]).contains("2 organizations"));

    let renamed = text(&["terms", "set", "organization", "Client", "Clients"]);
    assert!(renamed.contains("organization   Client / Clients"), "{renamed}");
    text(&["terms", "set", "site", "Branch", "Branches"]);
    text(&["terms", "set", "person", "Contact", "Contacts"]);
    assert!(text(&["org", "list"]).contains("2 clients"));
    let shown = text(&["org", "show", "1001"]);
    assert!(shown.contains("branches: 1") && shown.contains("contacts: 1"), "{shown}");
    assert!(text(&["person", "list"]).contains("1 contact"));
    let german = text(&["terms", "list", "--language", "de"]);
    assert!(german.contains("organization   Organisation / Organisationen (f)"), "{german}");

    let out = cli(&db, &["terms", "set", "site", "Client", "Clients"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("“Client” would name both"));
}
