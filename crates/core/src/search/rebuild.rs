//! Rebuilding the search index from the records: after a bulk load (a team download sets the
//! search triggers aside, sync/bulk.rs) and on request.

use sqlx::{Connection, SqliteConnection};

use crate::Result;

/// Each kind's documents: the index it goes to and where its document numbers start (0008's
/// ranges; a kind's numbers stay below the next kind's start).
const KINDS: [(&str, i64); 5] = [
    ("organization", 1 << 40),
    ("person", 2 << 40),
    ("system", 3 << 40),
    ("note", 4 << 40),
    ("file", 5 << 40),
];

/// FTS5's in-memory buffer while rebuilding (its default is 1 MiB): fewer, larger segments are
/// written and merged. A million notes took 5.7 s with the default, 3.9 s with 32 MiB, 2.7 s with
/// 64 MiB; 300,000 people 5.6, 4.7 s (128 MiB: no better for notes, ~100 MiB more memory per
/// builder; BENCHMARKS.md).
const REBUILD_HASH_BYTES: i64 = 64 << 20;

/// SQL for the tail of a search document holding the record `id`'s custom text values (the kinds
/// search finds, fields not archived, in field-id order) after a char(31); '' when it has none.
/// Migration 0024's triggers write the same.
fn custom_text(id: &str) -> String {
    format!(
        "coalesce((SELECT char(31) || group_concat(value, ' ') FROM (SELECT cv.value FROM custom_values cv \
         JOIN custom_fields cf ON cf.id = cv.field_id WHERE cv.record_id = {id} AND cf.archived_at IS NULL \
         AND cf.kind IN {} ORDER BY cf.id)), '')",
        crate::custom_fields::SEARCHED_KINDS
    )
}

/// Rebuilds the search index from the records, in the caller's transaction: the documents the
/// triggers of 0007, 0008 and 0014 would have written, in one statement per kind, then each
/// kind's FTS5 index in one pass. Used on request, and after a bulk load whose build beside
/// ([`build_beside`]) failed; the triggers are set aside here too, and put back as they were. A
/// test (tests/search.rs) keeps this equal to what the triggers write.
pub(crate) async fn rebuild_index(conn: &mut SqliteConnection) -> Result<()> {
    let triggers = clear(conn).await?;
    for (kind, _) in KINDS {
        write_kind(conn, kind).await?;
    }
    for (kind, _) in KINDS {
        let fts = format!("search_fts_{kind}");
        for statement in [
            format!("INSERT INTO {fts} ({fts}, rank) VALUES ('hashsize', {REBUILD_HASH_BYTES})"),
            format!("INSERT INTO {fts} ({fts}) VALUES ('rebuild')"),
            format!("INSERT INTO {fts} ({fts}, rank) VALUES ('hashsize', 1048576)"),
        ] {
            sqlx::query(sqlx::AssertSqlSafe(statement)).execute(&mut *conn).await?;
        }
    }
    rebuild_tickets(conn).await?;
    put_back(conn, &triggers).await
}

/// The first part of a rebuild, in the caller's transaction: the search triggers are set aside
/// (returned, to put back), every kind's FTS5 index emptied and the documents deleted. When the
/// triggers were aside already (a bulk download) none are returned.
pub(crate) async fn clear(conn: &mut SqliteConnection) -> Result<Vec<(String, String)>> {
    let triggers: Vec<(String, String)> = sqlx::query_as(
        r"SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'search\_%' ESCAPE '\'",
    )
    .fetch_all(&mut *conn)
    .await?;
    for (name, _) in &triggers {
        sqlx::query(sqlx::AssertSqlSafe(format!("DROP TRIGGER \"{name}\""))).execute(&mut *conn).await?;
    }
    for (kind, _) in KINDS {
        let fts = format!("search_fts_{kind}");
        sqlx::query(sqlx::AssertSqlSafe(format!("INSERT INTO {fts} ({fts}) VALUES ('delete-all')")))
            .execute(&mut *conn)
            .await?;
    }
    sqlx::query("DELETE FROM search_docs").execute(&mut *conn).await?;
    Ok(triggers)
}

/// Writes the documents of `kind` (one of [`KINDS`]) from the records, after [`clear`].
pub(crate) async fn write_kind(conn: &mut SqliteConnection, kind: &str) -> Result<()> {
    let started = std::time::Instant::now();
    let [organizations, people, systems, notes, files] = KINDS.map(|(_, start)| start);
    let stripped = |column: &str| {
        format!(
            "replace(replace(replace(replace(replace(replace(replace(coalesce({column}, ''), ' ', ''), '-', ''), \
             '(', ''), ')', ''), '.', ''), '/', ''), '+', '')"
        )
    };
    let statement = match kind {
        "organization" => {
            format!(
                    "INSERT INTO search_docs (doc, kind, ref_id, archived, title, body, digits)
                     SELECT {organizations} + row_number() OVER (), 'organization', o.id, o.archived_at IS NOT NULL, o.name,
                         coalesce(o.dba_name, '') || ' ' || coalesce(o.account_number, '') || ' ' || coalesce(o.city, '')
                             || ' ' || coalesce(o.phone, '') || ' ' || coalesce(o.email, '') || ' ' || coalesce(o.website, '')
                             || {},
                         {}
                     FROM (SELECT *, {} AS digits_phone FROM organizations WHERE merged_into IS NULL) AS o",
                    custom_text("o.id"),
                    phone_suffixes("o.digits_phone"),
                    stripped("phone")
                )
        }
        "person" => {
            format!(
                    "INSERT INTO search_docs (doc, kind, ref_id, archived, title, body, digits)
                     SELECT {people} + row_number() OVER (), 'person', p.id, p.archived_at IS NOT NULL,
                         trim(coalesce(p.first_name, '') || ' ' || coalesce(p.last_name, '')),
                         coalesce(p.email, '') || ' ' || coalesce(p.phone, '') || ' ' || coalesce(p.mobile, '') || ' '
                             || coalesce(p.job_title, '') || ' ' || coalesce(p.department, '') || ' ' || coalesce(p.company_name, '')
                             || {},
                         {} || ' ' || {}
                     FROM (SELECT *, {} AS digits_phone, {} AS digits_mobile FROM people WHERE merged_into IS NULL) AS p",
                    custom_text("p.id"),
                    phone_suffixes("p.digits_phone"),
                    phone_suffixes("p.digits_mobile"),
                    stripped("phone"),
                    stripped("mobile")
                )
        }
        "system" => {
            format!(
                    "INSERT INTO search_docs (doc, kind, ref_id, archived, title, body, digits)
                     SELECT {systems} + row_number() OVER (), 'system', s.id, s.archived_at IS NOT NULL, s.name,
                         coalesce(t.name, '') || ' '
                             || coalesce((SELECT group_concat(v.value, ' ') FROM system_values v WHERE v.system_id = s.id), ''),
                         ''
                     FROM systems s JOIN system_types t ON t.id = s.system_type_id"
                )
        }
        "note" => {
            format!(
                "INSERT INTO search_docs (doc, kind, ref_id, archived, title, body, digits)
                     SELECT {notes} + row_number() OVER (), 'note', n.id, 0, '', n.body, '' FROM notes n"
            )
        }
        "file" => {
            format!(
                    "INSERT INTO search_docs (doc, kind, ref_id, archived, title, body, digits)
                     SELECT {files} + row_number() OVER (), 'file', a.id, 0, a.name, '', '' FROM attachments a"
                )
        }
        _ => return Ok(()),
    };
    sqlx::query(sqlx::AssertSqlSafe(statement)).execute(&mut *conn).await?;
    log::info!("search: {kind} documents written in {:.1?}", started.elapsed());
    Ok(())
}

/// The trigram index of ticket subjects (0022), rebuilt with the search index.
pub(crate) async fn rebuild_tickets(conn: &mut SqliteConnection) -> Result<()> {
    sqlx::query("INSERT INTO tickets_fts (tickets_fts) VALUES ('rebuild')").execute(&mut *conn).await?;
    Ok(())
}

/// Creates again the triggers [`clear`] set aside.
pub(crate) async fn put_back(conn: &mut SqliteConnection, triggers: &[(String, String)]) -> Result<()> {
    for (_, sql) in triggers {
        sqlx::query(sqlx::AssertSqlSafe(sql.clone())).execute(&mut *conn).await?;
    }
    Ok(())
}

/// Builders beside the writer: two (a laptop has at least two cores, and the writer builds the
/// plain indexes meanwhile); [`build_beside`] starts them.
const BUILDERS: usize = 2;

/// Each kind's FTS5 index, built from the documents [`write_kind`] committed, on connections of
/// their own, into files beside the database, while the writer does other work (a large
/// download's plain indexes); [`Beside::take_in`] then copies them into the database's indexes.
/// FTS5 keeps an index in ordinary tables (`_data`, `_idx`, `_docsize`) whose content does not
/// depend on where the documents are kept, so an index built without content (`content=''`, the
/// same columns, tokenizer and prefixes, the same documents under the same numbers) is the one a
/// 'rebuild' makes. The files are removed when this is dropped.
pub(crate) struct Beside {
    /// Each builder's file and the kinds it built there.
    files: Vec<(std::path::PathBuf, Vec<&'static str>)>,
}

impl Drop for Beside {
    fn drop(&mut self) {
        for (file, _) in &self.files {
            let _ = std::fs::remove_file(file);
        }
    }
}

/// The file builder `n` writes beside `database`.
fn beside_file(database: &std::path::Path, n: usize) -> std::path::PathBuf {
    let mut name = database.file_name().unwrap_or_default().to_owned();
    name.push(format!("-search-{n}"));
    database.with_file_name(name)
}

/// Removes what a build beside that a crash cut short left (at open).
pub(crate) fn remove_leftovers(database: &std::path::Path) {
    for n in 1..=BUILDERS {
        let _ = std::fs::remove_file(beside_file(database, n));
    }
}

/// The kinds in the order their documents are written for a build beside: the largest indexes
/// first, so the builders start on them early and end together.
pub(crate) const LARGEST_FIRST: [&str; 5] = ["person", "note", "organization", "system", "file"];

/// Builds the index of each kind `ready` names (once its documents are committed in
/// `database`) beside it, on two connections of their own, until `ready` closes.
pub(crate) async fn build_beside(
    database: &std::path::Path,
    ready: tokio::sync::mpsc::UnboundedReceiver<&'static str>,
) -> Result<Beside> {
    let started = std::time::Instant::now();
    let ready = tokio::sync::Mutex::new(ready);
    let mut beside = Beside { files: Vec::new() };
    let build = |n: usize| {
        let file = beside_file(database, n);
        let ready = &ready;
        async move {
            let kinds = build_file(database, &file, ready).await;
            (file, kinds)
        }
    };
    // Two connections: SQLite runs each on a thread of its own.
    let (one, two) = tokio::join!(build(1), build(2));
    let mut failed = None;
    for (file, kinds) in [one, two] {
        match kinds {
            Ok(kinds) => beside.files.push((file, kinds)),
            Err(e) => {
                let _ = std::fs::remove_file(&file);
                failed = Some(e);
            }
        }
    }
    if let Some(e) = failed {
        return Err(e);
    }
    log::info!("search: indexes built beside in {:.1?}", started.elapsed());
    Ok(beside)
}

/// One builder: takes the kinds `ready` names and builds each one's index into `file`, a
/// scratch file (no journal, no sync: it is thrown away after the copy, or after a crash).
async fn build_file(
    database: &std::path::Path,
    file: &std::path::Path,
    ready: &tokio::sync::Mutex<tokio::sync::mpsc::UnboundedReceiver<&'static str>>,
) -> Result<Vec<&'static str>> {
    use sqlx::ConnectOptions;
    use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqliteSynchronous};
    let _ = std::fs::remove_file(file);
    let mut side = SqliteConnectOptions::new()
        .filename(file)
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Off)
        .synchronous(SqliteSynchronous::Off)
        .pragma("cache_size", "-32768")
        // Building a kind's index takes seconds by design: not a warning.
        .log_slow_statements(log::LevelFilter::Info, std::time::Duration::from_secs(1))
        .connect()
        .await?;
    let built = build_kinds(&mut side, database, ready).await;
    // Closed before the file may be removed (Windows keeps open files).
    side.close().await?;
    built
}

/// The body of [`build_file`], on its connection `side`.
async fn build_kinds(
    side: &mut SqliteConnection,
    database: &std::path::Path,
    ready: &tokio::sync::Mutex<tokio::sync::mpsc::UnboundedReceiver<&'static str>>,
) -> Result<Vec<&'static str>> {
    let database =
        database.to_str().ok_or_else(|| std::io::Error::other("the database path is not UTF-8"))?;
    sqlx::query("ATTACH DATABASE ? AS src").bind(database).execute(&mut *side).await?;
    let mut built = Vec::new();
    loop {
        let Some(kind) = ready.lock().await.recv().await else { break };
        let started = std::time::Instant::now();
        let (start, end) = range(kind);
        let defined: String = sqlx::query_scalar("SELECT sql FROM src.sqlite_master WHERE name = ?")
            .bind(format!("search_fts_{kind}"))
            .fetch_one(&mut *side)
            .await?;
        let create = without_content(&defined, kind).ok_or_else(|| {
            std::io::Error::other(format!("search_fts_{kind} is not defined as a build beside expects"))
        })?;
        sqlx::query(sqlx::AssertSqlSafe(create)).execute(&mut *side).await?;
        let table = format!("build_{kind}");
        let mut tx = Connection::begin(&mut *side).await?;
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "INSERT INTO {table} ({table}, rank) VALUES ('hashsize', {REBUILD_HASH_BYTES})"
        )))
        .execute(&mut *tx)
        .await?;
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "INSERT INTO {table} (rowid, title, body, digits)
             SELECT doc, title, body, digits FROM src.search_docs WHERE doc >= ? AND doc < ? ORDER BY doc"
        )))
        .bind(start)
        .bind(end)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        log::info!("search: {kind} index built beside in {:.1?}", started.elapsed());
        built.push(kind);
    }
    Ok(built)
}

/// The document numbers of `kind`: from its start to the next kind's.
fn range(kind: &str) -> (i64, i64) {
    let at = KINDS.iter().position(|(k, _)| *k == kind).unwrap_or(0);
    let start = KINDS[at].1;
    (start, start + (1 << 40))
}

/// `search_fts_{kind}`'s definition as `build_{kind}` without content (the documents stay in the
/// database); None when it is not the definition 0008 wrote (then the index is built in place).
fn without_content(defined: &str, kind: &str) -> Option<String> {
    let name = format!("CREATE VIRTUAL TABLE search_fts_{kind} USING fts5 (");
    let content = format!("content = 'search_docs_{kind}', content_rowid = 'doc'");
    if !defined.starts_with(&name) || defined.matches(&content).count() != 1 {
        return None;
    }
    let renamed = defined.replacen(&name, &format!("CREATE VIRTUAL TABLE build_{kind} USING fts5 ("), 1);
    Some(renamed.replacen(&content, "content = ''", 1))
}

impl Beside {
    /// Copies the indexes built beside into the database's, on the writer `conn` outside any
    /// transaction (a file can be attached only there), in one transaction that also runs
    /// `finish`. The writer's own FTS5 tables have cached nothing of the copied indexes only when
    /// the connection is not used for search afterwards: the caller closes it.
    pub(crate) async fn take_in(
        &self,
        conn: &mut SqliteConnection,
        finish: impl AsyncFnOnce(&mut SqliteConnection) -> Result<()>,
    ) -> Result<()> {
        let started = std::time::Instant::now();
        let copied = async {
            for (n, (file, _)) in self.files.iter().enumerate() {
                let file =
                    file.to_str().ok_or_else(|| std::io::Error::other("the database path is not UTF-8"))?;
                sqlx::query(sqlx::AssertSqlSafe(format!("ATTACH DATABASE ? AS beside_{n}")))
                    .bind(file)
                    .execute(&mut *conn)
                    .await?;
            }
            let mut tx = Connection::begin_with(&mut *conn, "BEGIN IMMEDIATE").await?;
            for (n, (_, kinds)) in self.files.iter().enumerate() {
                for kind in kinds {
                    for part in ["data", "idx", "docsize"] {
                        let into = format!("main.search_fts_{kind}_{part}");
                        sqlx::query(sqlx::AssertSqlSafe(format!("DELETE FROM {into}")))
                            .execute(&mut *tx)
                            .await?;
                        sqlx::query(sqlx::AssertSqlSafe(format!(
                            "INSERT INTO {into} SELECT * FROM beside_{n}.build_{kind}_{part}"
                        )))
                        .execute(&mut *tx)
                        .await?;
                    }
                }
            }
            finish(&mut tx).await?;
            tx.commit().await?;
            Ok::<(), crate::Error>(())
        }
        .await;
        // Detached whatever happened, so the files can be removed (Windows keeps open files).
        for n in 0..self.files.len() {
            let _ = sqlx::query(sqlx::AssertSqlSafe(format!("DETACH DATABASE beside_{n}")))
                .execute(&mut *conn)
                .await;
        }
        copied?;
        log::info!("search: indexes copied in {:.1?}", started.elapsed());
        Ok(())
    }
}

/// 0007's phone digits: the number, then every ending of it from four digits on (so "496 0000"
/// finds "0113 496 0000"), for numbers of up to 15 digits.
fn phone_suffixes(digits: &str) -> String {
    let mut sql = digits.to_owned();
    for length in 5..=15 {
        sql.push_str(&format!(
            " || CASE WHEN length({digits}) >= {length} THEN ' ' || substr({digits}, {}) ELSE '' END",
            length - 3
        ));
    }
    sql
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::Db;

    /// Every kind's index, as the migrations define it now, can be built beside: a definition
    /// changed by a later migration would quietly send large downloads back to the slower
    /// rebuild in place.
    #[tokio::test]
    async fn every_search_index_can_be_built_beside() {
        let dir = tempfile::tempdir().unwrap();
        let db = Db::open(&dir.path().join("beside.sqlite3")).await.unwrap();
        for (kind, _) in KINDS {
            let defined: String = sqlx::query_scalar("SELECT sql FROM sqlite_master WHERE name = ?")
                .bind(format!("search_fts_{kind}"))
                .fetch_one(db.reader())
                .await
                .unwrap();
            let create = without_content(&defined, kind).unwrap_or_else(|| panic!("{kind}: {defined}"));
            assert!(
                create.starts_with(&format!("CREATE VIRTUAL TABLE build_{kind} USING fts5 (")),
                "{create}"
            );
            assert!(create.contains("content = ''") && !create.contains("content_rowid"), "{create}");
        }
        assert!(LARGEST_FIRST.iter().all(|k| KINDS.iter().any(|(kind, _)| kind == k)));
        assert_eq!(LARGEST_FIRST.len(), KINDS.len());
    }
}
