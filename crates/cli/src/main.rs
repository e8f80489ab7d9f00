//! `fieldbook-cli`: Fieldbook on the command line, over the same core and database file as the
//! app. For scripts (cron jobs, migrations) as much as for people: `--json` on every command.

mod backup;
mod bench;
mod billing;
mod import;
mod output;
mod records;
mod site;
mod staff;
mod team;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use fieldbook_core::{Core, Error};

pub(crate) use records::resolve;
use records::{OrgCommand, PersonCommand, org, person};

/// Page decoding frees, on other threads, what it allocated: the system allocator spends a large
/// part of a team download there (BENCHMARKS.md, team sync).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(name = "fieldbook-cli", version, about = "Fieldbook customer records on the command line.")]
#[command(after_help = "The database is the app's own: $FIELDBOOK_DATA_DIR/fieldbook.sqlite3 when \
FIELDBOOK_DATA_DIR is set, else fieldbook.sqlite3 in the OS app-data directory \
(~/.local/share/com.fieldbook.desktop on Linux). Exit status: 0 done, 1 failed, 2 refused input.")]
struct Cli {
    /// The database file to use instead of the app's.
    #[arg(long, global = true, env = "FIELDBOOK_DB", value_name = "PATH")]
    db: Option<PathBuf>,
    /// Act as this staff member (their name or id) instead of this machine's user: notes,
    /// secret reveals, imports, invoices and payments record who did them.
    #[arg(long = "as", global = true, env = "FIELDBOOK_AS", value_name = "NAME")]
    acting_as: Option<String>,
    /// Print JSON instead of text (errors too, on stderr).
    #[arg(long, global = true)]
    json: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Organizations: companies, departments and sites.
    #[command(subcommand)]
    Org(OrgCommand),
    /// Staff: the company's own people, their roles, and who uses this machine.
    #[command(subcommand)]
    Staff(staff::StaffCommand),
    /// People: customers and contacts.
    #[command(subcommand)]
    Person(PersonCommand),
    /// System types: what an admin says a kind of system records.
    #[command(subcommand, name = "system-type")]
    SystemType(site::SystemTypeCommand),
    /// Systems installed at a site, with secrets in the OS keyring.
    #[command(subcommand)]
    System(site::SystemCommand),
    /// Notes on organizations and people, urgent flags and call-backs.
    #[command(subcommand)]
    Note(site::NoteCommand),
    /// Files attached to organizations, people and systems.
    #[command(subcommand)]
    File(site::FileCommand),
    /// Tickets: log, list, close.
    #[command(subcommand)]
    Ticket(billing::TicketCommand),
    /// Time spent on tickets.
    #[command(subcommand)]
    Time(billing::TimeCommand),
    /// Invoices: compile a period's unbilled time, list, void.
    #[command(subcommand)]
    Invoice(billing::InvoiceCommand),
    /// Payments and credit notes.
    #[command(subcommand)]
    Payment(billing::PaymentCommand),
    /// The data dictionary: the words for the kinds of record, per language.
    #[command(subcommand)]
    Terms(TermsCommand),
    /// Write an organization's account statement as PDF (in the language of LANG: de_DE.UTF-8
    /// writes German).
    Statement {
        /// The organization's id or account number.
        org: String,
        /// The statement date (default today): the books as they stood at the end of that day.
        #[arg(long)]
        as_of: Option<String>,
        /// Activity statements: the first day of the period (default the first of the month).
        #[arg(long)]
        from: Option<String>,
        #[arg(long, value_enum, default_value_t = billing::KindArg::Activity)]
        kind: billing::KindArg,
        #[arg(long, value_name = "FILE.pdf")]
        out: PathBuf,
    },
    /// Write statements for every organization with a non-zero balance into a folder.
    Statements {
        #[arg(long)]
        as_of: Option<String>,
        #[arg(long, value_enum, default_value_t = billing::KindArg::OpenItems)]
        kind: billing::KindArg,
        #[arg(long, value_name = "DIR")]
        out_dir: PathBuf,
    },
    /// Import organizations or people from a delimited file; the history and undo; the
    /// organization importer.
    #[command(subcommand)]
    Import(import::ImportCommand),
    /// Export organizations or people to a CSV file (formula-looking cells defused with ').
    Export {
        #[arg(value_enum)]
        what: ExportWhat,
        file: PathBuf,
        /// Include archived records.
        #[arg(long)]
        archived: bool,
    },
    /// Fill the database with a realistic demo data set: staff, organizations (a third with
    /// sites), about 3 people, 1 system and 10 notes each (each in the activity stream), most
    /// with a staff member looking after them and a planned activity; the passwords of 25
    /// systems go into the OS keyring (skipped, with a warning, when there is none). For demos
    /// and benchmarks.
    Demo {
        /// How many organizations, sites included.
        #[arg(long, default_value_t = 200)]
        orgs: u64,
        /// The same seed gives the same data.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Also the service desk: SLAs, contracts, and about this many tickets per organization
        /// (with time and updates) — added to every organization there is (--orgs 0: only that) —
        /// and billing: the time of past months invoiced, most invoices paid, some in part, some
        /// overdue, a few voided and issued again (this month's time stays unbilled).
        #[arg(long, default_value_t = 0)]
        tickets_per_org: u64,
    },
    /// Time QUERIES (one per line) through the search the app uses; prints p50/p95 as JSON.
    /// With --raw-sql, also writes the same FTS5 queries as a sqlite3 script (under
    /// `.timer on`) for the side-by-side with the raw index.
    #[command(hide = true)]
    BenchSearch {
        queries: PathBuf,
        #[arg(long)]
        raw_sql: Option<PathBuf>,
    },
    /// Time organizations' first stream page and My agenda through the core; prints p50/p95 as
    /// JSON. With --raw-sql, also writes the same SQL as a sqlite3 script (under `.timer on`).
    #[command(hide = true)]
    BenchTickets {
        /// How many organizations' pages (contracts, SLA, tickets) to open.
        #[arg(long, default_value_t = 500)]
        orgs: u32,
        #[arg(long)]
        raw_sql: Option<PathBuf>,
    },
    /// Time the Today page (for `cargo xtask bench today`): each staff member's, 20 times after
    /// one untimed pass, and its unbilled time (added up apart) 20 times. Prints JSON.
    #[command(hide = true)]
    BenchToday,
    /// Time the lists filtered on custom fields (for `cargo xtask bench custom`); prints JSON.
    /// With --raw-sql, also writes the same list SQL as a sqlite3 script (under `.timer on`).
    #[command(hide = true)]
    BenchCustom {
        #[arg(long)]
        raw_sql: Option<PathBuf>,
    },
    #[command(hide = true)]
    BenchStream {
        /// How many organizations' streams to open.
        #[arg(long, default_value_t = 500)]
        orgs: u32,
        #[arg(long)]
        raw_sql: Option<PathBuf>,
    },
    /// Time team sync (for `cargo xtask bench sync`): this database publishes to the empty team
    /// server at --url, the database at --other (created empty) joins; then an idle sync, 100
    /// edits round trip and 10,000 edits pushed and pulled. Prints JSON.
    #[command(hide = true)]
    BenchSync {
        /// The team server (with its admin password in the address).
        #[arg(long)]
        url: String,
        /// Where the joining machine's database goes (must not exist).
        #[arg(long)]
        other: PathBuf,
    },
    /// Time shared credentials (for `cargo xtask bench vault`): this database (empty) saves
    /// --secrets passwords and publishes to the empty team server at --url; --devices machines in
    /// all are approved (one joins for real, at --other); one is removed (the key changes over every
    /// value); reveals on the joined machine are timed. Prints JSON.
    #[command(hide = true)]
    BenchVault {
        #[arg(long)]
        url: String,
        #[arg(long)]
        other: PathBuf,
        #[arg(long, default_value_t = 10_000)]
        secrets: u32,
        #[arg(long, default_value_t = 20)]
        devices: u32,
        /// The joined machine receives into a keyring that already holds the values (compared,
        /// not written): GNOME Keyring's write cost grows with the items it holds.
        #[arg(long)]
        keep_keyring: bool,
    },
    /// The team: set up a team server (PostgreSQL), publish or join, sync, conflicts, leave.
    #[command(subcommand)]
    Team(team::TeamCommand),
    /// Backups: create (database, attached files and logos in one file, optionally encrypted),
    /// verify, restore.
    #[command(subcommand)]
    Backup(backup::BackupCommand),
    /// Search everything as the app's Ctrl+K does: every word a prefix, accents ignored,
    /// phone numbers however spaced.
    Search {
        query: String,
        /// Only these kinds (repeatable).
        #[arg(long, value_enum)]
        kind: Vec<Kind>,
        /// At most this many hits per kind (default 8).
        #[arg(long)]
        limit: Option<u32>,
        /// Include archived records.
        #[arg(long)]
        archived: bool,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum ExportWhat {
    Orgs,
    People,
}

#[derive(Clone, Copy, ValueEnum)]
enum Kind {
    Organization,
    Person,
    System,
    Note,
    File,
}
#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    env_logger::Builder::from_env(env_logger::Env::default().default_filter_or("warn")).init();
    let cli = Cli::parse();
    let json = cli.json;
    match run(cli).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => output::error(&error, json),
    }
}

fn database(cli_db: Option<PathBuf>) -> Result<PathBuf, Error> {
    if let Some(path) = cli_db {
        return Ok(path);
    }
    let dir = match std::env::var_os("FIELDBOOK_DATA_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => fieldbook_core::default_data_dir().ok_or_else(|| {
            Error::invalid("db", "No data directory is known for this user; pass --db PATH.")
        })?,
    };
    Ok(dir.join(fieldbook_core::DB_FILE))
}

async fn run(cli: Cli) -> Result<(), Error> {
    let path = database(cli.db)?;
    let _ = staff::ACTING_AS.set(cli.acting_as);
    let mut out = output::Output { json: cli.json, words: output::Words::default() };
    // Backups open the database themselves: a restore needs the data folder to itself.
    let command = match cli.command {
        Command::Backup(command) => return backup::backup(&path, command, &out),
        // The server only: no local database is opened.
        Command::Team(command) if command.server_only() => return team::server_command(command, &out).await,
        other => other,
    };
    let core = Core::open(&path).await?;
    // Statements and invoices in the language of the environment (LANG=de_DE.UTF-8: German).
    core.set_language(fieldbook_core::terms::Language::from_env());
    out.words = output::Words::load(&core).await;
    let result = match command {
        Command::Org(command) => org(&core, command, &out).await,
        Command::Person(command) => person(&core, command, &out).await,
        Command::Staff(command) => staff::staff(&core, command, &out).await,
        Command::SystemType(command) => site::system_type(&core, command, &out).await,
        Command::System(command) => site::system(&core, command, &out).await,
        Command::Note(command) => site::note(&core, command, &out).await,
        Command::File(command) => site::file(&core, command, &out).await,
        Command::Import(command) => import::import(&core, command, &out).await,
        Command::Ticket(command) => billing::ticket(&core, command, &out).await,
        Command::Time(command) => billing::time(&core, command, &out).await,
        Command::Invoice(command) => billing::invoice(&core, command, &out).await,
        Command::Payment(command) => billing::payment(&core, command, &out).await,
        Command::Statement { org, as_of, from, kind, out: file } => {
            billing::statement(&core, org, as_of, from, kind, file, &out).await
        }
        Command::Statements { as_of, kind, out_dir } => {
            billing::statements(&core, as_of, kind, out_dir, &out).await
        }
        Command::Export { what, file, archived } => {
            let rows = match what {
                ExportWhat::Orgs => core.export().organizations(&file, archived).await,
                ExportWhat::People => core.export().people(&file, archived).await,
            };
            rows.map(|rows| {
                if out.json {
                    output::print_json(&serde_json::json!({ "rows": rows, "file": file }));
                } else {
                    println!("wrote {rows} rows to {}", file.display());
                }
            })
        }
        Command::Demo { orgs, seed, tickets_per_org } => demo(&core, orgs, seed, tickets_per_org, &out).await,
        Command::BenchSearch { queries, raw_sql } => bench_search(&core, &queries, raw_sql.as_deref()).await,
        Command::BenchTickets { orgs, raw_sql } => bench::tickets(&core, orgs, raw_sql.as_deref()).await,
        Command::BenchToday => bench::today(&core).await,
        Command::BenchCustom { raw_sql } => bench::custom(&core, raw_sql.as_deref()).await,
        Command::BenchStream { orgs, raw_sql } => bench::stream(&core, orgs, raw_sql.as_deref()).await,
        Command::BenchSync { url, other } => bench::sync(&core, &url, &other).await,
        Command::BenchVault { url, other, secrets, devices, keep_keyring } => {
            bench::vault(&core, &url, &other, secrets, devices, keep_keyring).await
        }
        Command::Search { query, kind, limit, archived } => {
            search(&core, query, kind, limit, archived, &out).await
        }
        Command::Team(command) => team::machine_command(&core, command, &out).await,
        Command::Terms(command) => terms(&core, command, &out).await,
        Command::Backup(_) => Ok(()),
    };
    core.close().await;
    result
}

async fn demo(
    core: &Core,
    orgs: u64,
    seed: u64,
    tickets_per_org: u64,
    out: &output::Output,
) -> Result<(), Error> {
    let started = std::time::Instant::now();
    let counts = core
        .demo()
        .generate(orgs, seed, |done| {
            if !out.json && (done % 10_000 == 0 || done == orgs) {
                eprintln!("  {done} of {orgs} organizations");
            }
        })
        .await?;
    // A few systems' passwords, in the keyring as the app stores them; a machine without one
    // (a benchmark run) still gets the rest of the demo.
    let secrets = match core.demo().secrets(fieldbook_core::demo::DEMO_SECRETS, seed).await {
        Ok(n) => n,
        Err(e) => {
            eprintln!("warning: the demo's passwords were not stored: {e}");
            0
        }
    };
    let service = if tickets_per_org > 0 {
        Some(
            core.demo()
                .service(tickets_per_org, seed, |done| {
                    if !out.json && done % 10_000 == 0 {
                        eprintln!("  service desk: {done} organizations");
                    }
                })
                .await?,
        )
    } else {
        None
    };
    let billing = if tickets_per_org > 0 {
        Some(
            core.demo()
                .billing(seed, |done| {
                    if !out.json && done % 10_000 == 0 {
                        eprintln!("  invoices and payments: {done} organizations");
                    }
                })
                .await?,
        )
    } else {
        None
    };
    if out.json {
        output::print_json(&serde_json::json!({
            "counts": counts, "secrets": secrets, "service": service, "billing": billing, "seconds": started.elapsed().as_secs_f64()
        }));
    } else {
        println!(
            "added {} organizations, {} people, {} systems, {} notes, {} stream entries, {} activities in {:.1?}",
            counts.organizations,
            counts.people,
            counts.systems,
            counts.notes,
            counts.stream_entries,
            counts.activities,
            started.elapsed()
        );
        println!("{secrets} passwords of systems stored in the OS keyring");
        if let Some(s) = service {
            println!(
                "service desk: {} SLAs, {} contracts, {} tickets, {} time entries, {} ticket updates",
                s.slas, s.contracts, s.tickets, s.time_entries, s.ticket_updates
            );
        }
        if let Some(b) = billing {
            println!(
                "billing: {} invoices ({} voided and issued again), {} payments; this month's time is unbilled",
                b.invoices, b.voided, b.payments
            );
        }
    }
    Ok(())
}

async fn bench_search(
    core: &Core,
    queries: &std::path::Path,
    raw_sql: Option<&std::path::Path>,
) -> Result<(), Error> {
    use fieldbook_core::search::{SearchKind, SearchQuery, fts_query};
    let text = std::fs::read_to_string(queries)?;
    if let Some(path) = raw_sql {
        // The SQL of one search without the ranking in Rust and the display lookups: per kind,
        // the newest 100 titles that contain the words, the newest 100 that start with them when
        // there were 100, the newest matches anywhere when there were fewer than 8 (notes: those
        // only), each joined to its document. The same page cache as the core's
        // readers, so both read the same pages from memory.
        let mut script =
            format!("PRAGMA cache_size = -{};\n.timer on\n", fieldbook_core::db::READER_CACHE_KIB);
        // `unless` holds back a step that the core skips once it has 8 hits.
        let matches = |table: &str, expr: &str, unless: &str, limit: u32| {
            format!(
                "SELECT d.doc, d.title FROM {table} f JOIN search_docs d ON d.doc = f.rowid \
                 WHERE {table} MATCH '{}' AND d.archived = 0{unless} ORDER BY f.rowid DESC LIMIT {limit}",
                expr.replace('\'', "''")
            )
        };
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            let Some(expr) = fts_query(line) else { continue };
            let parts: Vec<String> = SearchKind::ALL
                .iter()
                .map(|k| {
                    let table = k.fts_table();
                    if *k == SearchKind::Note {
                        return format!("(SELECT count(title) FROM ({}))", matches(table, &expr.all, "", 8));
                    }
                    format!(
                        "(WITH s AS MATERIALIZED ({}), t AS MATERIALIZED ({}) \
                         SELECT (SELECT count(title) FROM s) + (SELECT count(title) FROM t) + \
                         (SELECT count(title) FROM ({})))",
                        matches(table, &expr.title_start, "", 100),
                        matches(table, &expr.title, " AND (SELECT count(*) FROM s) < 8", 100),
                        matches(
                            table,
                            &expr.all,
                            " AND (SELECT count(*) FROM s) + (SELECT count(*) FROM t) < 8",
                            16
                        )
                    )
                })
                .collect();
            script.push_str(&format!("SELECT {};\n", parts.join(" + ")));
        }
        std::fs::write(path, script)?;
    }
    let mut micros = Vec::new();
    let mut hits = 0usize;
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let started = std::time::Instant::now();
        let found =
            core.search().run(SearchQuery { text: line.to_owned(), ..SearchQuery::default() }).await?;
        micros.push(started.elapsed().as_micros() as u64);
        hits += found.groups.iter().map(|g| g.hits.len()).sum::<usize>();
    }
    micros.sort_unstable();
    let at = |p: f64| {
        micros.get(((micros.len() as f64 * p) as usize).min(micros.len().saturating_sub(1))).copied()
    };
    output::print_json(&serde_json::json!({
        "queries": micros.len(), "hits": hits,
        "p50_us": at(0.50), "p95_us": at(0.95), "max_us": micros.last(),
    }));
    Ok(())
}

async fn search(
    core: &Core,
    text: String,
    kinds: Vec<Kind>,
    limit: Option<u32>,
    archived: bool,
    out: &output::Output,
) -> Result<(), Error> {
    use fieldbook_core::search::{SearchKind, SearchQuery};
    let kinds = kinds
        .into_iter()
        .map(|k| match k {
            Kind::Organization => SearchKind::Organization,
            Kind::Person => SearchKind::Person,
            Kind::System => SearchKind::System,
            Kind::Note => SearchKind::Note,
            Kind::File => SearchKind::File,
        })
        .collect();
    let results = core.search().run(SearchQuery { text, kinds, include_archived: archived, limit }).await?;
    if out.json {
        output::print_json(&results);
        return Ok(());
    }
    for group in &results.groups {
        println!("{:?}", group.kind);
        for hit in &group.hits {
            let archived = if hit.archived { "  [archived]" } else { "" };
            println!("  {}  {}  —  {}{archived}", hit.id, hit.title, hit.detail);
        }
    }
    Ok(())
}

#[derive(Subcommand)]
enum TermsCommand {
    /// The words in use, renamed or usual.
    List {
        /// en or de.
        #[arg(long, default_value = "en")]
        language: String,
    },
    /// Rename a term (an empty word is the usual one again); admins only.
    Set {
        /// organization, site, person, system, ticket, contract or activity.
        key: String,
        /// The word for one.
        singular: String,
        /// The word for several.
        plural: String,
        /// en or de.
        #[arg(long, default_value = "en")]
        language: String,
        /// German: the word's gender (m, f or n), which its articles follow.
        #[arg(long)]
        gender: Option<String>,
    },
}

fn language_arg(code: &str) -> Result<fieldbook_core::terms::Language, Error> {
    match code {
        "en" => Ok(fieldbook_core::terms::Language::En),
        "de" => Ok(fieldbook_core::terms::Language::De),
        other => Err(Error::invalid(
            "language",
            format!("“{other}” is not a language Fieldbook speaks: en or de."),
        )),
    }
}

async fn terms(core: &Core, command: TermsCommand, out: &output::Output) -> Result<(), Error> {
    use fieldbook_core::terms::TermInput;
    let terms = match command {
        TermsCommand::List { language } => core.terms().list(language_arg(&language)?).await?,
        TermsCommand::Set { key, singular, plural, language, gender } => {
            let input = TermInput { key, singular, plural, gender };
            core.terms().update(language_arg(&language)?, vec![input], &staff::actor(core).await?).await?
        }
    };
    if out.json {
        output::print_json(&terms);
    } else {
        for t in &terms {
            let gender = t.gender.as_deref().map(|g| format!(" ({g})")).unwrap_or_default();
            println!("{:<14} {} / {}{gender}", t.key, t.singular, t.plural);
        }
    }
    Ok(())
}
