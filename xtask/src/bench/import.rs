//! `cargo xtask bench import [--rows N]`: writes a realistic company file (15 columns, quoted
//! cells with delimiters and line breaks, non-ASCII names, sites pointing at parents before and
//! after them), then times the release CLI's dry run and apply into a fresh database against the
//! floor: the `sqlite3` shell loading the same rows into the same schema (a copy of the fresh
//! database: its indexes and triggers, the search index among them) with the writer's settings,
//! sites linked to their parents, in one transaction. Peak memory of each run comes from GNU time.

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use crate::{Result, ensure_packages, exec, root};

const CITIES: &[&str] =
    &["Leeds", "München", "Kraków", "Αθήνα", "Lyon", "Malmö", "Porto", "Dublin", "York", "Köln"];
const WORDS: &[&str] = &[
    "Harbour",
    "Northern",
    "Alpine",
    "Baltic",
    "Cedar",
    "Müller",
    "Schröder",
    "Ørsted",
    "Dvořák",
    "Summit",
    "Willow",
    "Granite",
    "Falcon",
    "Juniper",
    "Meridian",
    "Pinnacle",
];
const TRADES: &[&str] = &[
    "Dental",
    "Logistics",
    "Bäckerei",
    "Engineering",
    "Architects",
    "Pharmacy",
    "Legal",
    "Haustechnik",
    "Clinic",
];
const SUFFIXES: &[&str] = &["Ltd", "GmbH", "Inc.", "S.A.", "LLC", "", "& Co. KG"];

pub fn run(args: &[String]) -> Result {
    let rows: u64 = match args.iter().position(|a| a == "--rows") {
        Some(i) => args.get(i + 1).and_then(|n| n.parse().ok()).ok_or("--rows takes a number")?,
        None => 100_000,
    };
    ensure_packages(&["sqlite3", "time"])?;
    exec(&root(), "cargo", &["build", "--release", "--locked", "-p", "fieldbook-cli"], &[])?;
    let cli = root().join("target/release/fieldbook-cli");
    let dir = root().join("target/bench");
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let file = dir.join(format!("companies-{rows}.csv"));
    write_file(&file, rows)?;
    let size = std::fs::metadata(&file).map_err(|e| e.to_string())?.len();
    println!("file: {rows} rows, 15 columns, {:.1} MiB ({})", size as f64 / 1048576.0, file.display());

    let db = dir.join("import.sqlite3");
    for stale in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{stale}", db.display()));
    }
    let file_arg = file.to_str().ok_or("non-UTF-8 path")?;
    let db_arg = db.to_str().ok_or("non-UTF-8 path")?;
    // Imports record who ran them: the fresh database gets its first staff member.
    timed(&cli, &["--db", db_arg, "--json", "staff", "add", "Bench Runner", "--me"])?;
    // The floor's database: the same schema, before anything is imported.
    let floor_db = dir.join("floor.sqlite3");
    for stale in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{stale}", floor_db.display()));
    }
    let floor_arg = floor_db.to_str().ok_or("non-UTF-8 path")?;
    super::search::sqlite(&db, &format!("VACUUM INTO '{}';", floor_arg.replace('\'', "''")))?;
    let (dry, dry_rss) = timed(&cli, &["--db", db_arg, "--json", "import", "orgs", file_arg, "--dry-run"])?;
    println!(
        "dry run (release CLI): {dry:.2} s, {:.0} rows/s, peak RSS {} MiB",
        rows as f64 / dry,
        dry_rss / 1024
    );
    let (apply, apply_rss) = timed(&cli, &["--db", db_arg, "--json", "import", "orgs", file_arg])?;
    println!(
        "apply into an empty database (preview + in-transaction dry run + writes, search index included): \
         {apply:.2} s, {:.0} rows/s, peak RSS {} MiB",
        rows as f64 / apply,
        apply_rss / 1024
    );

    let started = Instant::now();
    super::search::sqlite(&floor_db, &floor_sql(file_arg))?;
    let floor = started.elapsed().as_secs_f64();
    let count = super::search::sqlite(
        &floor_db,
        "SELECT count(*), count(parent_id), (SELECT count(*) FROM search_docs) FROM organizations;",
    )?;
    println!(
        "floor: sqlite3 shell into the same schema, indexes and triggers (organizations, sites linked, \
         search documents): {floor:.2} s, {} (rows, sites, search documents) — apply is {:.2}× the floor",
        count.trim(),
        apply / floor
    );
    Ok(())
}

/// The floor's script: the writer's settings (WAL, synchronous FULL, foreign keys, 64 MiB page
/// cache), the file read by the shell's CSV reader into a temporary table, then in one
/// transaction the organizations inserted (every trigger firing per row, as in the app) and the
/// sites linked to their parents by account number.
fn floor_sql(file: &str) -> String {
    let cell = |column: &str| format!("nullif(\"{column}\", '')");
    format!(
        ".bail on
PRAGMA journal_mode = WAL;
PRAGMA synchronous = FULL;
PRAGMA foreign_keys = ON;
PRAGMA cache_size = -65536;
PRAGMA temp_store = MEMORY;
.mode csv
.import --schema temp '{file}' companies
BEGIN IMMEDIATE;
INSERT INTO organizations (id, account_number, name, name_key, dba_name, address_line1, address_line2,
    city, region, postal_code, country, phone, email, website, notes, created_at, updated_at)
SELECT randomblob(16), \"Customer ID\", \"Company Name\", lower(\"Company Name\"), {dba}, {street},
    {street2}, {city}, {region}, {zip}, {country}, {phone}, {email}, {web}, {notes},
    strftime('%Y-%m-%dT%H:%M:%fZ'), strftime('%Y-%m-%dT%H:%M:%fZ')
FROM temp.companies;
UPDATE organizations SET parent_id = p.id
FROM temp.companies AS c JOIN organizations AS p ON p.account_number = c.\"Parent Account\"
WHERE organizations.account_number = c.\"Customer ID\" AND c.\"Parent Account\" <> '';
COMMIT;
",
        file = file.replace('\'', "''"),
        dba = cell("DBA"),
        street = cell("Street"),
        street2 = cell("Address 2"),
        city = cell("City"),
        region = cell("State/Province"),
        zip = cell("Zip"),
        country = cell("Country"),
        phone = cell("Phone"),
        email = cell("E-Mail"),
        web = cell("Website"),
        notes = cell("Notes"),
    )
}

/// Runs the CLI under GNU time; wall seconds and peak RSS in KiB.
fn timed(cli: &Path, args: &[&str]) -> Result<(f64, u64)> {
    let started = Instant::now();
    let out = Command::new("/usr/bin/time")
        .args(["-f", "maxrss=%M"])
        .arg(cli)
        .args(args)
        .output()
        .map_err(|e| format!("time: {e}"))?;
    let seconds = started.elapsed().as_secs_f64();
    let stderr = String::from_utf8_lossy(&out.stderr);
    if !out.status.success() {
        return Err(format!("{args:?} failed: {stderr}"));
    }
    let rss = stderr
        .lines()
        .find_map(|l| l.strip_prefix("maxrss="))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(0);
    Ok((seconds, rss))
}

/// A deterministic company file: every tenth organization is a site of another, its parent
/// sometimes before it and sometimes after it in the file.
fn write_file(path: &Path, rows: u64) -> Result {
    use std::io::Write;
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).map_err(|e| e.to_string())?);
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let mut next = move |n: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % n as u64) as usize
    };
    let quote = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
    writeln!(
        out,
        "Customer ID,Company Name,DBA,Parent Account,Street,Address 2,City,State/Province,Zip,Country,Phone,E-Mail,Website,Notes,Customer since"
    )
    .map_err(|e| e.to_string())?;
    for i in 0..rows {
        let name = format!(
            "{} {} {}",
            WORDS[next(WORDS.len())],
            TRADES[next(TRADES.len())],
            SUFFIXES[next(SUFFIXES.len())]
        );
        let name = format!("{} {i}", name.trim());
        // A parent never is a site itself (its number ends in 3), half of them after the site.
        let parent = if i % 10 == 5 {
            format!("C{:06}", ((i + rows / 2) / 10 * 10 + 3) % rows)
        } else {
            String::new()
        };
        let city = CITIES[next(CITIES.len())];
        let notes = match next(4) {
            0 => quote(&format!(
                "Key safe code at reception, \"ask for {}\"\nOpen Mon–Fri",
                WORDS[next(WORDS.len())]
            )),
            1 => quote("Pays by direct debit, net 30"),
            _ => String::new(),
        };
        let slug: String = name.to_lowercase().chars().filter(char::is_ascii_alphanumeric).take(12).collect();
        writeln!(
            out,
            "C{i:06},{},{},{parent},{},{},{city},{},{:05},{},+44 113 {:03} {:04},info@{slug}.example,https://{slug}.example,{notes},20{:02}-0{}-1{}",
            quote(&name),
            if i % 7 == 0 { quote(&format!("{} Trading", WORDS[next(WORDS.len())])) } else { String::new() },
            quote(&format!("{} {} Street", next(200) + 1, WORDS[next(WORDS.len())])),
            if i % 5 == 0 { format!("Unit {}", next(40) + 1) } else { String::new() },
            ["West Yorkshire", "Bayern", "Małopolskie", "Attica", "Rhône"][next(5)],
            next(99_999),
            ["United Kingdom", "Deutschland", "Polska", "Ελλάδα", "France"][next(5)],
            next(1000),
            next(10_000),
            next(25),
            next(9) + 1,
            next(9),
        )
        .map_err(|e| e.to_string())?;
    }
    out.flush().map_err(|e| e.to_string())
}
