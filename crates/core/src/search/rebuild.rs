//! Rebuilding the search index from the records: after a bulk load (a team download sets the
//! search triggers aside, sync/bulk.rs) and on request.

use sqlx::SqliteConnection;

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
/// written, which halves the time of a rebuild of a million notes (BENCHMARKS.md).
const REBUILD_HASH_BYTES: i64 = 32 << 20;

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
/// kind's FTS5 index in one pass. Used after a bulk load (sync's first download) that set the
/// triggers aside; the triggers are set aside here too, and put back as they were. A test
/// (tests/search.rs) keeps this equal to what the triggers write.
pub(crate) async fn rebuild_index(conn: &mut SqliteConnection) -> Result<()> {
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
    let [organizations, people, systems, notes, files] = KINDS.map(|(_, start)| start);
    let stripped = |column: &str| {
        format!(
            "replace(replace(replace(replace(replace(replace(replace(coalesce({column}, ''), ' ', ''), '-', ''), \
             '(', ''), ')', ''), '.', ''), '/', ''), '+', '')"
        )
    };
    let documents = [
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
        ),
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
        ),
        format!(
            "INSERT INTO search_docs (doc, kind, ref_id, archived, title, body, digits)
             SELECT {systems} + row_number() OVER (), 'system', s.id, s.archived_at IS NOT NULL, s.name,
                 coalesce(t.name, '') || ' '
                     || coalesce((SELECT group_concat(v.value, ' ') FROM system_values v WHERE v.system_id = s.id), ''),
                 ''
             FROM systems s JOIN system_types t ON t.id = s.system_type_id"
        ),
        format!(
            "INSERT INTO search_docs (doc, kind, ref_id, archived, title, body, digits)
             SELECT {notes} + row_number() OVER (), 'note', n.id, 0, '', n.body, '' FROM notes n"
        ),
        format!(
            "INSERT INTO search_docs (doc, kind, ref_id, archived, title, body, digits)
             SELECT {files} + row_number() OVER (), 'file', a.id, 0, a.name, '', '' FROM attachments a"
        ),
    ];
    for statement in documents {
        sqlx::query(sqlx::AssertSqlSafe(statement)).execute(&mut *conn).await?;
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
    // The trigram index of ticket subjects (0022) is rebuilt with it.
    sqlx::query("INSERT INTO tickets_fts (tickets_fts) VALUES ('rebuild')").execute(&mut *conn).await?;
    for (_, sql) in &triggers {
        sqlx::query(sqlx::AssertSqlSafe(sql.clone())).execute(&mut *conn).await?;
    }
    Ok(())
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
