//! The Tickets view's query: its filters, the SQL of a page and of a count with what they are
//! bound to, and the order each status filter walks (migration 0022's indexes, whose expressions
//! the SQL repeats word for word), at half a million tickets within 20 ms (BENCHMARKS.md).

use serde::{Deserialize, Serialize};
use sqlx::Row;
use ts_rs::TS;

use super::{Ticket, Tickets, ticket_from_row};
use crate::custom_fields::{CustomFilter, SEARCHED_KINDS};
use crate::service::slas::Priority;
use crate::{OrganizationId, PersonId, Result, StaffId};

/// Which tickets the Tickets view shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum StatusFilter {
    /// Open or waiting.
    #[default]
    NotClosed,
    Open,
    Waiting,
    Closed,
    All,
}

/// The Tickets view's filters.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct TicketQuery {
    pub status: StatusFilter,
    pub priority: Option<Priority>,
    /// One organization and its sites.
    pub organization_id: Option<OrganizationId>,
    pub assignee_id: Option<StaffId>,
    /// Tickets one person asked for (their page).
    pub requester_id: Option<PersonId>,
    /// Only tickets nobody is assigned to.
    pub unassigned: bool,
    /// Not closed and past a due time.
    pub overdue: bool,
    /// Closed with the SLA breached, or open past a due time.
    pub breached: bool,
    /// A ticket number, or words of its subject or its custom text fields.
    pub text: Option<String>,
    /// Only tickets holding these custom field values (choice and yes/no fields).
    pub custom: Vec<CustomFilter>,
}

impl Tickets<'_> {
    /// The Tickets view: every organization's tickets that match `query`, not closed first, by
    /// due time (those without one last, newest first), a page at a time.
    pub async fn desk(&self, query: &TicketQuery, offset: i64, limit: i64) -> Result<Vec<Ticket>> {
        let search = self.text_search(query).await?;
        let (sql, params) = desk_page(query, &search, offset, limit);
        let rows = bind(sqlx::query(sqlx::AssertSqlSafe(sql)), params).fetch_all(self.db.reader()).await?;
        rows.iter().map(ticket_from_row).collect()
    }

    /// How the query's text is searched: how many subjects hold its words by the trigram index
    /// (for words over closed tickets too; a count of its hits, not of the tickets; None when the
    /// index is not what the query goes through), and whether tickets have custom text fields to
    /// search as well.
    pub async fn text_search(&self, query: &TicketQuery) -> Result<TextSearch> {
        let Some(text) = query.text.as_deref().map(str::trim).filter(|t| !t.is_empty()) else {
            return Ok(TextSearch::default());
        };
        let custom_fields = text.trim_start_matches('#').parse::<i64>().is_err()
            && sqlx::query_scalar::<_, bool>(sqlx::AssertSqlSafe(format!(
                "SELECT EXISTS (SELECT 1 FROM custom_fields WHERE record_kind = 'ticket' AND archived_at IS NULL \
                 AND kind IN {SEARCHED_KINDS})"
            )))
            .fetch_one(self.db.reader())
            .await?;
        let Some(phrase) = trigram_phrase(query) else {
            return Ok(TextSearch { subject_hits: None, custom_fields });
        };
        let hits: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM (SELECT 1 FROM tickets_fts WHERE tickets_fts MATCH ? LIMIT ?)",
        )
        .bind(phrase)
        .bind(FTS_HITS_TO_WALK + 1)
        .fetch_one(self.db.reader())
        .await?;
        Ok(TextSearch { subject_hits: Some(hits), custom_fields })
    }

    /// How many tickets match `query`.
    pub async fn desk_count(&self, query: &TicketQuery) -> Result<i64> {
        let search = self.text_search(query).await?;
        let (sql, params) = desk_counting(query, &search);
        let row = bind(sqlx::query(sqlx::AssertSqlSafe(sql)), params).fetch_one(self.db.reader()).await?;
        Ok(row.try_get(0)?)
    }
}

/// How a desk query's text is searched (see [`Tickets::text_search`]).
#[derive(Clone, Copy, Debug, Default)]
pub struct TextSearch {
    /// Subjects holding the words in the trigram index, when the query goes through it.
    pub subject_hits: Option<i64>,
    /// Whether tickets have custom text fields (not archived) whose values are searched too.
    pub custom_fields: bool,
}

/// A value the desk's SQL is bound to.
#[derive(Clone, Debug)]
enum Param {
    Text(String),
    Int(i64),
    Id(uuid::Uuid),
}

fn bind<'q>(
    mut query: sqlx::query::Query<'q, sqlx::Sqlite, sqlx::sqlite::SqliteArguments>,
    params: Vec<Param>,
) -> sqlx::query::Query<'q, sqlx::Sqlite, sqlx::sqlite::SqliteArguments> {
    for p in params {
        query = match p {
            Param::Text(t) => query.bind(t),
            Param::Int(n) => query.bind(n),
            Param::Id(id) => query.bind(id),
        };
    }
    query
}

/// The due time that matters now: the first response's until answered, then the resolution's.
/// Word for word as in migration 0022's indexes, which is what lets SQLite walk them.
const DUE: &str =
    "coalesce(CASE WHEN t.first_response_at IS NULL THEN t.response_due_at END, t.resolution_due_at)";

/// The desk's order for a status filter, as one of 0022's indexes holds it: not closed by due
/// time (none last), newest first among equals; closed by when they were closed, latest first;
/// all of them: those not closed first.
fn desk_order(status: StatusFilter) -> String {
    match status {
        StatusFilter::NotClosed | StatusFilter::Open | StatusFilter::Waiting => {
            format!(" ORDER BY {DUE} IS NULL, {DUE}, t.number DESC")
        }
        StatusFilter::Closed => " ORDER BY t.closed_at DESC, t.number DESC".to_owned(),
        StatusFilter::All => format!(
            " ORDER BY t.status = 'closed', CASE WHEN t.status <> 'closed' THEN {DUE} END IS NULL,
                CASE WHEN t.status <> 'closed' THEN {DUE} END,
                CASE WHEN t.status = 'closed' THEN t.closed_at END DESC, t.number DESC"
        ),
    }
}

/// The desk's page: its SQL and what it is bound to.
fn desk_page(query: &TicketQuery, search: &TextSearch, offset: i64, limit: i64) -> (String, Vec<Param>) {
    let (filter, mut params) = desk_where(query, search, Use::Page);
    let sql = format!("{}{filter}{} LIMIT ? OFFSET ?", select_tickets!(""), desk_order(query.status));
    params.push(Param::Int(limit.clamp(1, 1000)));
    params.push(Param::Int(offset.max(0)));
    (sql, params)
}

/// The desk's count: its SQL and what it is bound to.
fn desk_counting(query: &TicketQuery, search: &TextSearch) -> (String, Vec<Param>) {
    let (filter, params) = desk_where(query, search, Use::Count);
    if only_open(query.status) {
        // Those not closed are counted in their covering index, all of them.
        return (format!("SELECT count(*) FROM tickets t {filter}"), params);
    }
    let cap = DESK_COUNT_CAP + 1;
    let alone =
        TicketQuery { status: StatusFilter::All, text: None, breached: false, ..TicketQuery::default() };
    let other_filters =
        TicketQuery { status: StatusFilter::All, text: None, breached: false, ..query.clone() };
    if query.status == StatusFilter::All && other_filters == alone {
        // Only words of the subject, or only "SLA breached": counted in their indexes alone.
        if let (Some(phrase), false) = (trigram_phrase(query), query.breached) {
            if search.custom_fields {
                let text = query.text.as_deref().unwrap_or_default().trim();
                return (
                    format!(
                        "SELECT count(*) FROM (SELECT rowid FROM tickets_fts WHERE tickets_fts MATCH ? \
                         UNION {} LIMIT {cap})",
                        custom_text()
                    ),
                    vec![Param::Text(phrase), Param::Text(like(text))],
                );
            }
            return (
                format!(
                    "SELECT count(*) FROM (SELECT 1 FROM tickets_fts WHERE tickets_fts MATCH ? LIMIT {cap})"
                ),
                vec![Param::Text(phrase)],
            );
        }
        if query.breached && query.text.as_deref().is_none_or(|t| t.trim().is_empty()) {
            return (
                format!(
                    "SELECT min({cap}, (SELECT count(*) FROM (SELECT 1 FROM tickets WHERE sla_result = 'breached' LIMIT {cap}))
                        + (SELECT count(*) FROM tickets WHERE status <> 'closed' AND sla_result IS NOT 'breached' AND {}))",
                    late("")
                ),
                Vec::new(),
            );
        }
    }
    (format!("SELECT count(*) FROM (SELECT 1 FROM tickets t {filter} LIMIT {cap})"), params)
}

/// With closed tickets among those asked for, the desk counts up to this many tickets and says
/// "more than" beyond (a count of half a million reads half a million index entries; nobody
/// scrolls that far — they filter).
pub const DESK_COUNT_CAP: i64 = 10_000;

/// What the desk's conditions are for: a page walks the view's order (an equality index on
/// priority or assignee would make SQLite gather and sort every match instead, so those terms
/// are written to keep off their indexes); a count takes the indexes it likes.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Use {
    Page,
    Count,
}

/// The desk's first page (`limit` tickets) and its count as the core runs them, with the values
/// written in: for the benchmark's side-by-side in the sqlite3 shell.
/// `search`: what [`Tickets::text_search`] says for it.
pub fn desk_sql_for_shell(query: &TicketQuery, search: &TextSearch, limit: i64) -> (String, String) {
    let literal = |(sql, params): (String, Vec<Param>)| {
        let mut out = String::with_capacity(sql.len());
        let mut params = params.into_iter();
        for c in sql.chars() {
            if c != '?' {
                out.push(c);
                continue;
            }
            match params.next() {
                Some(Param::Text(t)) => out.push_str(&format!("'{}'", t.replace('\'', "''"))),
                Some(Param::Int(n)) => out.push_str(&n.to_string()),
                Some(Param::Id(id)) => out.push_str(&format!("X'{}'", id.simple())),
                None => out.push('?'),
            }
        }
        out
    };
    (literal(desk_page(query, search, 0, limit)), literal(desk_counting(query, search)))
}

/// Subjects with more hits than this in the trigram index are found by walking the view's order
/// instead (the first page fills long before the end); fewer, through the index.
const FTS_HITS_TO_WALK: i64 = 2_000;

/// Whether the desk's status filter leaves only tickets not closed (0022's covering index).
fn only_open(status: StatusFilter) -> bool {
    matches!(status, StatusFilter::NotClosed | StatusFilter::Open | StatusFilter::Waiting)
}

/// The trigram index's phrase for the query's words of the subject, when it goes through the
/// index: three letters or more, and closed tickets among those asked for (the open ones' subjects
/// are in their covering index).
fn trigram_phrase(q: &TicketQuery) -> Option<String> {
    let text = q.text.as_deref().map(str::trim).filter(|t| !t.is_empty())?;
    if only_open(q.status) || text.trim_start_matches('#').parse::<i64>().is_ok() || text.chars().count() < 3
    {
        return None;
    }
    Some(format!("\"{}\"", text.replace('"', "\"\"")))
}

/// The rowids of the tickets whose custom text fields (the kinds search finds; not archived
/// fields) hold the searched text: `?` is the LIKE pattern. Rowids, as every index of tickets
/// holds them: a walk checks them without reading the ticket.
fn custom_text() -> String {
    format!(
        "SELECT tk.rowid FROM custom_fields cf JOIN custom_values cv ON cv.field_id = cf.id \
         JOIN tickets tk ON tk.id = cv.record_id WHERE cf.record_kind = 'ticket' AND cf.archived_at IS NULL \
         AND cf.kind IN {SEARCHED_KINDS} AND cv.value LIKE ? ESCAPE '\\'"
    )
}

/// `text` anywhere in a value, as a LIKE pattern (its own % and _ literal).
fn like(text: &str) -> String {
    format!("%{}%", crate::text::escape_like(text))
}

/// Past its resolution due time, or its response's while unanswered, and not closed (columns of
/// the table aliased `alias`, or unaliased with "").
fn late(alias: &str) -> String {
    format!(
        "({alias}status <> 'closed' AND ({alias}resolution_due_at < strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
        OR ({alias}first_response_at IS NULL AND {alias}response_due_at < strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))))"
    )
}

fn desk_where(q: &TicketQuery, search: &TextSearch, used: Use) -> (String, Vec<Param>) {
    // "+x" is x, but not through an index on it.
    let walk = if used == Use::Page { "+" } else { "" };
    let mut sql = String::from(" WHERE true");
    let mut params = Vec::new();
    // ("<> 'closed'" as the partial index's WHERE says it, so SQLite sees the index applies.)
    sql.push_str(match q.status {
        StatusFilter::NotClosed => " AND t.status <> 'closed'",
        StatusFilter::Open => " AND t.status = 'open' AND t.status <> 'closed'",
        StatusFilter::Waiting => " AND t.status = 'waiting' AND t.status <> 'closed'",
        StatusFilter::Closed => " AND t.status = 'closed'",
        StatusFilter::All => "",
    });
    if let Some(p) = q.priority {
        // Written in (one of four words): SQLite plans for the value, as the shell does.
        sql.push_str(&format!(" AND {walk}t.priority = '{}'", p.as_str()));
    }
    if let Some(org) = q.organization_id {
        sql.push_str(
            " AND t.organization_id IN (WITH RECURSIVE down (id, depth) AS (SELECT ?, 0
                UNION ALL SELECT o.id, down.depth + 1 FROM organizations o JOIN down ON o.parent_id = down.id
                WHERE down.depth < 32) SELECT id FROM down)",
        );
        params.push(Param::Id(org.uuid()));
    }
    if let Some(staff) = q.assignee_id {
        // i18n: not for people (SQL)
        sql.push_str(&format!(" AND {walk}t.assignee_id = ?"));
        params.push(Param::Id(staff.uuid()));
    }
    if let Some(person) = q.requester_id {
        // i18n: not for people (SQL)
        sql.push_str(" AND t.requester_id = ?");
        params.push(Param::Id(person.uuid()));
    }
    if q.unassigned {
        sql.push_str(" AND t.assignee_id IS NULL");
    }
    if q.overdue {
        sql.push_str(" AND ");
        sql.push_str(&late("t."));
    }
    if q.breached {
        if only_open(q.status) {
            // i18n: not for people (SQL)
            sql.push_str(&format!(" AND (t.sla_result = 'breached' OR {})", late("t.")));
        } else {
            // Each half through its index (tickets_breached, tickets_desk_open), not a walk of all.
            sql.push_str(&format!(
                " AND {walk}t.rowid IN (SELECT rowid FROM tickets WHERE sla_result = 'breached'
                    UNION ALL SELECT rowid FROM tickets WHERE status <> 'closed' AND sla_result IS NOT 'breached'
                    AND {})",
                late("")
            ));
        }
    }
    for filter in &q.custom {
        // Rowids, which the walked index holds: the ticket itself is not read for the check.
        sql.push_str(
            " AND t.rowid IN (SELECT tk.rowid FROM custom_values cv JOIN tickets tk ON tk.id = cv.record_id \
             WHERE cv.field_id = ? AND cv.value = ?)",
        );
        params.push(Param::Id(filter.field_id.uuid()));
        params.push(Param::Text(filter.value.clone()));
    }
    if let Some(text) = q.text.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        let number = text.trim_start_matches('#');
        if let Ok(n) = number.parse::<i64>() {
            // i18n: not for people (SQL)
            sql.push_str(" AND t.number = ?");
            params.push(Param::Int(n));
        } else if let (Some(phrase), Some(hits)) = (trigram_phrase(q), search.subject_hits)
            && (hits <= FTS_HITS_TO_WALK || used == Use::Count)
        {
            // Few subjects hold it (or counting): through the trigram index (0022),
            // case-insensitive; and the tickets whose custom fields hold it.
            if search.custom_fields {
                sql.push_str(&format!(
                    " AND t.rowid IN (SELECT rowid FROM tickets_fts WHERE tickets_fts MATCH ? UNION {})",
                    custom_text()
                ));
                params.push(Param::Text(phrase));
                params.push(Param::Text(like(text)));
            } else {
                sql.push_str(" AND t.rowid IN (SELECT rowid FROM tickets_fts WHERE tickets_fts MATCH ?)");
                params.push(Param::Text(phrase));
            }
        } else if search.custom_fields {
            sql.push_str(&format!(" AND (t.subject LIKE ? ESCAPE '\\' OR t.rowid IN ({}))", custom_text()));
            params.push(Param::Text(like(text)));
            params.push(Param::Text(like(text)));
        } else {
            sql.push_str(" AND t.subject LIKE ? ESCAPE '\\'");
            params.push(Param::Text(like(text)));
        }
    }
    (sql, params)
}
