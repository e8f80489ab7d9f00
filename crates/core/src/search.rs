//! Search as you type over organizations, people, systems, notes and file names: one FTS5 index
//! (migration 0003) kept current by triggers, queried per kind so that a common word in a
//! million notes cannot crowd the organizations out. Every typed word is a prefix; diacritics are
//! folded; phone numbers match however they are spaced.

use serde::{Deserialize, Serialize};
use sqlx::SqliteConnection;
use ts_rs::TS;

use crate::db::Db;
use crate::{Error, Result};

/// What a hit is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum SearchKind {
    Organization,
    Person,
    System,
    Note,
    File,
}

impl SearchKind {
    pub const ALL: [SearchKind; 5] = [Self::Organization, Self::Person, Self::System, Self::Note, Self::File];

    /// The kind's range of doc ids in the index, `[start, end)` (see migration 0003).
    pub fn doc_range(self) -> (i64, i64) {
        let n = match self {
            Self::Organization => 1,
            Self::Person => 2,
            Self::System => 3,
            Self::Note => 4,
            Self::File => 5,
        };
        (n << 40, (n + 1) << 40)
    }
}

/// What to search for.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct SearchQuery {
    pub text: String,
    /// Only these kinds (all when empty).
    pub kinds: Vec<SearchKind>,
    pub include_archived: bool,
    /// At most this many hits per kind (default 8, at most 200).
    pub limit: Option<u32>,
}

/// Where opening a hit goes: the organization or the person it belongs to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "view", content = "id", rename_all = "snake_case")]
pub enum OpenTarget {
    Organization(uuid::Uuid),
    Person(uuid::Uuid),
}

/// One hit.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SearchHit {
    pub kind: SearchKind,
    /// The record's own id.
    pub id: uuid::Uuid,
    pub title: String,
    /// A line that tells hits apart: account and city, the company, the site…
    pub detail: String,
    pub archived: bool,
    pub open: OpenTarget,
}

/// Hits grouped by kind, the best kind first; within a kind, best first.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SearchResults {
    pub groups: Vec<SearchGroup>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SearchGroup {
    pub kind: SearchKind,
    pub hits: Vec<SearchHit>,
}

const DEFAULT_LIMIT: u32 = 8;
const MAX_LIMIT: u32 = 200;
/// How many of the newest matches per kind are ranked; bounds the work for very common prefixes.
const CANDIDATES: u32 = 400;

/// The FTS5 expression for `text`, or `None` when there is nothing to search. Words become
/// quoted prefixes (so nothing typed is FTS syntax); spaced digits also match the digits-only
/// phone column as one number.
pub fn fts_query(text: &str) -> Option<String> {
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| format!("\"{}\"*", w.to_lowercase()))
        .collect();
    if words.is_empty() {
        return None;
    }
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    let letters = text.chars().any(char::is_alphabetic);
    let terms = words.join(" ");
    Some(if digits.len() >= 3 && !letters && words.len() > 1 {
        format!("({terms}) OR digits : \"{digits}\"*")
    } else {
        terms
    })
}

/// The search service.
pub struct Search<'a> {
    db: &'a Db,
}

impl<'a> Search<'a> {
    pub(crate) fn new(db: &'a Db) -> Self {
        Self { db }
    }

    /// Searches every kind asked for; groups come best first (by their best hit).
    pub async fn run(&self, query: SearchQuery) -> Result<SearchResults> {
        if query.text.chars().count() > 200 {
            return Err(Error::invalid("text", "Search for at most 200 characters."));
        }
        let limit = query.limit.unwrap_or(DEFAULT_LIMIT).clamp(1, MAX_LIMIT);
        let kinds = if query.kinds.is_empty() { SearchKind::ALL.to_vec() } else { query.kinds.clone() };
        let mut conn = self.db.reader().acquire().await?;
        let mut ranked: Vec<(f64, SearchGroup)> = Vec::new();
        let Some(expr) = fts_query(&query.text) else { return Ok(SearchResults::default()) };
        for kind in kinds {
            let (start, end) = kind.doc_range();
            let rows: Vec<(uuid::Uuid, bool, String, f64)> = sqlx::query_as(
                "WITH hits AS (
                    SELECT rowid AS doc, rank FROM search_fts
                    WHERE search_fts MATCH ?1 AND rowid >= ?5 AND rowid < ?6
                    ORDER BY rowid DESC LIMIT ?2
                 )
                 SELECT d.ref_id, d.archived, d.title, hits.rank
                 FROM hits JOIN search_docs d ON d.doc = hits.doc
                 WHERE ?3 OR d.archived = 0
                 ORDER BY hits.rank, d.title COLLATE NOCASE LIMIT ?4",
            )
            .bind(&expr)
            .bind(CANDIDATES)
            .bind(query.include_archived)
            .bind(limit)
            .bind(start)
            .bind(end)
            .fetch_all(&mut *conn)
            .await?;
            let Some(best) = rows.first().map(|r| r.3) else { continue };
            let mut hits = Vec::with_capacity(rows.len());
            for (id, archived, title, _) in rows {
                if let Some(hit) = describe(&mut conn, kind, id, title, archived).await? {
                    hits.push(hit);
                }
            }
            ranked.push((best, SearchGroup { kind, hits }));
        }
        // bm25 ranks are negative: smaller is better.
        ranked.sort_by(|a, b| a.0.total_cmp(&b.0));
        Ok(SearchResults { groups: ranked.into_iter().map(|(_, g)| g).collect() })
    }
}

/// An optional record id, as the joins below return them.
type MaybeId = Option<uuid::Uuid>;

/// The display line and target of one hit (`None` if the record vanished meanwhile).
async fn describe(
    conn: &mut SqliteConnection,
    kind: SearchKind,
    id: uuid::Uuid,
    title: String,
    archived: bool,
) -> Result<Option<SearchHit>> {
    let hit = |title: String, detail: String, open: OpenTarget| {
        Some(SearchHit { kind, id, title, detail, archived, open })
    };
    Ok(match kind {
        SearchKind::Organization => {
            let row: Option<(Option<String>, Option<String>, Option<String>)> = sqlx::query_as(
                "SELECT o.account_number, o.city, p.name FROM organizations o
                 LEFT JOIN organizations p ON p.id = o.parent_id WHERE o.id = ?",
            )
            .bind(id)
            .fetch_optional(&mut *conn)
            .await?;
            row.and_then(|(account, city, parent)| {
                let detail = [account.map(|a| format!("#{a}")), city, parent.map(|p| format!("site of {p}"))]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join(" · ");
                hit(title, detail, OpenTarget::Organization(id))
            })
        }
        SearchKind::Person => {
            let row: Option<(Option<String>, Option<String>, Option<String>)> = sqlx::query_as(
                "SELECT p.job_title, coalesce(o.name, p.company_name), p.email FROM people p
                 LEFT JOIN organizations o ON o.id = p.organization_id WHERE p.id = ?",
            )
            .bind(id)
            .fetch_optional(&mut *conn)
            .await?;
            row.and_then(|(job, company, email)| {
                let detail = [job, company, email].into_iter().flatten().collect::<Vec<_>>().join(" · ");
                hit(title, detail, OpenTarget::Person(id))
            })
        }
        SearchKind::System => {
            let row: Option<(String, String, uuid::Uuid)> = sqlx::query_as(
                "SELECT t.name, o.name, o.id FROM systems s JOIN system_types t ON t.id = s.system_type_id
                 JOIN organizations o ON o.id = s.organization_id WHERE s.id = ?",
            )
            .bind(id)
            .fetch_optional(&mut *conn)
            .await?;
            row.and_then(|(t, org, org_id)| {
                hit(title, format!("{t} at {org}"), OpenTarget::Organization(org_id))
            })
        }
        SearchKind::Note => {
            let row: Option<(String, MaybeId, MaybeId, String, bool)> = sqlx::query_as(
                "SELECT n.body, n.organization_id, n.person_id,
                    coalesce(o.name, trim(coalesce(p.first_name, '') || ' ' || coalesce(p.last_name, ''))),
                    n.urgent
                 FROM notes n LEFT JOIN organizations o ON o.id = n.organization_id
                    LEFT JOIN people p ON p.id = n.person_id WHERE n.id = ?",
            )
            .bind(id)
            .fetch_optional(&mut *conn)
            .await?;
            row.and_then(|(body, org, person, subject, urgent)| {
                let first_line: String = body.lines().next().unwrap_or_default().chars().take(90).collect();
                let detail =
                    if urgent { format!("Urgent note on {subject}") } else { format!("Note on {subject}") };
                let open = match (org, person) {
                    (Some(o), _) => OpenTarget::Organization(o),
                    (None, Some(p)) => OpenTarget::Person(p),
                    (None, None) => return None,
                };
                hit(first_line, detail, open)
            })
        }
        SearchKind::File => {
            let row: Option<(MaybeId, MaybeId, MaybeId, String)> = sqlx::query_as(
                "SELECT coalesce(a.organization_id, s.organization_id), a.person_id, a.system_id,
                    coalesce(o.name, so.name, trim(coalesce(p.first_name, '') || ' ' || coalesce(p.last_name, '')))
                 FROM attachments a
                    LEFT JOIN organizations o ON o.id = a.organization_id
                    LEFT JOIN people p ON p.id = a.person_id
                    LEFT JOIN systems s ON s.id = a.system_id
                    LEFT JOIN organizations so ON so.id = s.organization_id
                 WHERE a.id = ?",
            )
            .bind(id)
            .fetch_optional(&mut *conn)
            .await?;
            row.and_then(|(org, person, _system, owner)| {
                let open = match (org, person) {
                    (Some(o), _) => OpenTarget::Organization(o),
                    (None, Some(p)) => OpenTarget::Person(p),
                    (None, None) => return None,
                };
                hit(title, format!("File on {owner}"), open)
            })
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_text_becomes_quoted_prefixes_never_fts_syntax() {
        assert_eq!(fts_query("Mül").unwrap(), "\"mül\"*");
        let hostile = fts_query("a\" OR title : note NEAR(").unwrap();
        assert_eq!(hostile, "\"a\"* \"or\"* \"title\"* \"note\"* \"near\"*");
        assert_eq!(fts_query("  -- "), None);
        assert_eq!(fts_query("0113 496").unwrap(), "(\"0113\"* \"496\"*) OR digits : \"0113496\"*");
    }

    #[test]
    fn kinds_have_disjoint_doc_ranges() {
        let ranges: Vec<(i64, i64)> = SearchKind::ALL.iter().map(|k| k.doc_range()).collect();
        for pair in ranges.windows(2) {
            assert!(pair[0].1 <= pair[1].0);
        }
    }
}
