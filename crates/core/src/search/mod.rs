//! Search as you type over organizations, people, systems, notes and file names: one FTS5 index
//! per kind (migrations 0003 and 0008) kept current by triggers, so that a common word in a
//! million notes costs an organization search nothing. Every typed word is a prefix; diacritics
//! are folded; phone numbers match however they are spaced. Ranking is done here, not by bm25.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use sqlx::SqliteConnection;
use ts_rs::TS;

use crate::db::Db;
use crate::messages::msg;
use crate::{Error, Result};

pub(crate) mod rebuild;
pub(crate) use rebuild::rebuild_index;

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

    /// The kind's FTS5 index (migration 0008).
    pub fn fts_table(self) -> &'static str {
        match self {
            Self::Organization => "search_fts_organization",
            Self::Person => "search_fts_person",
            Self::System => "search_fts_system",
            Self::Note => "search_fts_note",
            Self::File => "search_fts_file",
        }
    }

    /// Whether the kind's documents have a title worth ranking by (a note's text is all body).
    fn has_title(self) -> bool {
        !matches!(self, Self::Note)
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
/// How many of the newest title matches per kind are ranked, first of the titles that start with
/// the words, then of those that contain them. Bounds the work for very common prefixes ("a" is
/// in most names).
const TITLE_CANDIDATES: u32 = 100;

/// The FTS5 expressions for what was typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FtsQuery {
    /// Matches anywhere in a document: title, body or phone digits.
    pub all: String,
    /// Matches titles that start with the words, in the order typed.
    pub title_start: String,
    /// Matches in the title only: names are ranked before a match in a city or an email.
    pub title: String,
}

/// The FTS5 expressions for `text`, or `None` when there is nothing to search. Each word typed
/// (split at spaces) becomes a quoted phrase whose last token is a prefix, so nothing typed is
/// FTS syntax and "10.1." or "ann.archer@ex" match those tokens in that order. Digits typed with
/// spaces or punctuation also match the digits-only phone column as one number.
pub fn fts_query(text: &str) -> Option<FtsQuery> {
    // Control characters separate words too: FTS5 reads the query as a C string, so a NUL
    // inside a phrase would end it.
    let words: Vec<String> = text
        .split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .map(|w| w.to_lowercase().replace('"', "\"\""))
        .collect();
    if words.is_empty() {
        return None;
    }
    let terms = words.iter().map(|w| format!("\"{w}\"*")).collect::<Vec<_>>().join(" ");
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    let letters = text.chars().any(char::is_alphabetic);
    // Four digits or more typed with separators: a phone number, also matched as one number.
    let all = if digits.len() >= 4 && !letters && digits != text.trim() {
        format!("({terms}) OR digits : \"{digits}\"*")
    } else {
        terms.clone()
    };
    Some(FtsQuery {
        all,
        title_start: format!("title : ^\"{}\"*", words.join(" ")),
        title: format!("title : ({terms})"),
    })
}

/// Lower case without diacritics, as the index compares ("Müller" → "muller").
fn fold(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    use unicode_normalization::char::is_combining_mark;
    // Letters whose stroke is not a combining mark, which the tokenizer folds all the same.
    let base = |c: char| match c {
        'ł' | 'Ł' => 'l',
        'ø' | 'Ø' => 'o',
        'đ' | 'Đ' => 'd',
        'ħ' | 'Ħ' => 'h',
        other => other,
    };
    text.nfd().filter(|c| !is_combining_mark(*c)).map(base).flat_map(char::to_lowercase).collect()
}

/// The folded words of `text` (runs of letters and digits).
fn words(text: &str) -> Vec<String> {
    split_words(&fold(text))
}

/// The runs of letters and digits of already folded text.
fn split_words(folded: &str) -> Vec<String> {
    folded.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_owned).collect()
}

/// How well a hit matches, best first: its title starts with what was typed, its title has the
/// words, or only its other fields do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Tier {
    TitleStart,
    Title,
    Other,
}

/// A document the index matched, before it is ranked and described.
struct Candidate {
    doc: i64,
    id: uuid::Uuid,
    archived: bool,
    title: String,
    tier: Tier,
}

/// Sorts title matches, smallest first: does not start with the words, words typed in full
/// missing, length, folded title, newest first.
type RankKey = (bool, usize, usize, String, i64);

/// Orders title matches: titles that start with the query, then more words typed in full, then
/// shorter titles, alphabetically; the newest first among equals.
fn rank_titles(candidates: Vec<Candidate>, query: &[String]) -> Vec<Candidate> {
    let Some((last, whole)) = query.split_last() else { return candidates };
    let mut keyed: Vec<(RankKey, Candidate)> = candidates
        .into_iter()
        .map(|mut c| {
            let folded = fold(&c.title);
            let title = split_words(&folded);
            let starts = title.len() >= query.len()
                && whole.iter().zip(&title).all(|(q, t)| q == t)
                && title[whole.len()].starts_with(last.as_str());
            let exact = query.iter().filter(|q| title.contains(q)).count();
            c.tier = if starts { Tier::TitleStart } else { Tier::Title };
            ((!starts, usize::MAX - exact, c.title.chars().count(), folded, -c.doc), c)
        })
        .collect();
    keyed.sort_by(|a, b| a.0.cmp(&b.0));
    keyed.into_iter().map(|(_, c)| c).collect()
}

/// The search service.
pub struct Search<'a> {
    db: &'a Db,
}

impl<'a> Search<'a> {
    pub(crate) fn new(db: &'a Db) -> Self {
        Self { db }
    }

    /// Rebuilds the index from the records, in one transaction (sync's first download sets the
    /// triggers aside and rebuilds once at the end; also a repair).
    pub async fn rebuild_index(&self) -> Result<()> {
        let mut tx = self.db.begin_write().await?;
        rebuild_index(&mut tx).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Searches every kind asked for; groups come best first (by their best hit), and within a
    /// kind the best hits first: title matches ranked by [`rank_titles`], then matches in the
    /// other fields, newest first.
    pub async fn run(&self, query: SearchQuery) -> Result<SearchResults> {
        if query.text.chars().count() > 200 {
            return Err(Error::invalid("text", msg("Search for at most 200 characters.", &[])));
        }
        let limit = query.limit.unwrap_or(DEFAULT_LIMIT).clamp(1, MAX_LIMIT);
        let kinds = if query.kinds.is_empty() { SearchKind::ALL.to_vec() } else { query.kinds.clone() };
        let Some(expr) = fts_query(&query.text) else { return Ok(SearchResults::default()) };
        let typed = words(&query.text);
        let mut conn = self.db.reader().acquire().await?;
        let mut groups: Vec<(Tier, SearchGroup)> = Vec::new();
        for kind in kinds {
            let archived = query.include_archived;
            let mut found: Vec<Candidate> = Vec::new();
            if kind.has_title() {
                // The newest titles that contain the words, ranked. When there are more than are
                // ranked, the newest titles that start with the words are fetched first, so that
                // however many names contain a common word, those that start with it are in.
                let cap = TITLE_CANDIDATES.max(limit);
                let titled = matches(&mut conn, kind, &expr.title, archived, cap).await?;
                if titled.len() >= cap as usize {
                    found = rank_titles(
                        matches(&mut conn, kind, &expr.title_start, archived, cap).await?,
                        &typed,
                    );
                }
                let rest: Vec<Candidate> =
                    titled.into_iter().filter(|c| !found.iter().any(|f| f.doc == c.doc)).collect();
                found.extend(rank_titles(rest, &typed));
                found.truncate(limit as usize);
            }
            if found.len() < limit as usize {
                let more = limit + found.len() as u32;
                for other in matches(&mut conn, kind, &expr.all, archived, more).await? {
                    if found.len() < limit as usize && !found.iter().any(|c| c.doc == other.doc) {
                        found.push(other);
                    }
                }
            }
            let Some(best) = found.first().map(|c| c.tier) else { continue };
            let hits = describe(&mut conn, kind, found).await?;
            // Records deleted since the index was read are left out, perhaps all of them.
            if !hits.is_empty() {
                groups.push((best, SearchGroup { kind, hits }));
            }
        }
        // A stable sort: kinds of equal tier stay in the order asked for.
        groups.sort_by_key(|(tier, _)| *tier);
        Ok(SearchResults { groups: groups.into_iter().map(|(_, g)| g).collect() })
    }
}

/// The newest `limit` documents of `kind` that match `expr` (archived ones only when asked).
async fn matches(
    conn: &mut SqliteConnection,
    kind: SearchKind,
    expr: &str,
    include_archived: bool,
    limit: u32,
) -> Result<Vec<Candidate>> {
    let table = kind.fts_table();
    // The table name is one of five constants, never input.
    let rows: Vec<(i64, uuid::Uuid, bool, String)> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT d.doc, d.ref_id, d.archived, d.title
         FROM {table} f JOIN search_docs d ON d.doc = f.rowid
         WHERE {table} MATCH ?1 AND (?2 OR d.archived = 0)
         ORDER BY f.rowid DESC LIMIT ?3"
    )))
    .bind(expr)
    .bind(include_archived)
    .bind(limit)
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(doc, id, archived, title)| Candidate { doc, id, archived, title, tier: Tier::Other })
        .collect())
}

/// An optional record id and text, as the joins below return them.
type MaybeId = Option<uuid::Uuid>;
type MaybeText = Option<String>;

/// The hits for ranked candidates, with their display lines and targets, in one query per kind
/// (a record deleted meanwhile is left out).
async fn describe(
    conn: &mut SqliteConnection,
    kind: SearchKind,
    found: Vec<Candidate>,
) -> Result<Vec<SearchHit>> {
    let docs = format!("[{}]", found.iter().map(|c| c.doc.to_string()).collect::<Vec<_>>().join(","));
    let mut described: HashMap<i64, (Option<String>, String, OpenTarget)> = HashMap::new();
    match kind {
        SearchKind::Organization => {
            let rows: Vec<(i64, uuid::Uuid, MaybeText, MaybeText, MaybeText)> = sqlx::query_as(
                "SELECT d.doc, o.id, o.account_number, o.city, p.name
                 FROM json_each(?1) j JOIN search_docs d ON d.doc = j.value
                    JOIN organizations o ON o.id = d.ref_id
                    LEFT JOIN organizations p ON p.id = o.parent_id",
            )
            .bind(&docs)
            .fetch_all(&mut *conn)
            .await?;
            for (doc, id, account, city, parent) in rows {
                let parent = parent.map(|p| msg("{site} of {parent}", &[("parent", &p)]));
                let detail = [account.map(|a| format!("#{a}")), city, parent]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join(" · ");
                described.insert(doc, (None, detail, OpenTarget::Organization(id)));
            }
        }
        SearchKind::Person => {
            let rows: Vec<(i64, uuid::Uuid, MaybeText, MaybeText, MaybeText)> = sqlx::query_as(
                "SELECT d.doc, p.id, p.job_title, coalesce(o.name, p.company_name), p.email
                 FROM json_each(?1) j JOIN search_docs d ON d.doc = j.value
                    JOIN people p ON p.id = d.ref_id
                    LEFT JOIN organizations o ON o.id = p.organization_id",
            )
            .bind(&docs)
            .fetch_all(&mut *conn)
            .await?;
            for (doc, id, job, company, email) in rows {
                let detail = [job, company, email].into_iter().flatten().collect::<Vec<_>>().join(" · ");
                described.insert(doc, (None, detail, OpenTarget::Person(id)));
            }
        }
        SearchKind::System => {
            let rows: Vec<(i64, String, String, uuid::Uuid)> = sqlx::query_as(
                "SELECT d.doc, t.name, o.name, o.id
                 FROM json_each(?1) j JOIN search_docs d ON d.doc = j.value
                    JOIN systems s ON s.id = d.ref_id
                    JOIN system_types t ON t.id = s.system_type_id
                    JOIN organizations o ON o.id = s.organization_id",
            )
            .bind(&docs)
            .fetch_all(&mut *conn)
            .await?;
            for (doc, type_name, org, org_id) in rows {
                let values = [("type", type_name.as_str()), ("organization_name", org.as_str())];
                let detail = msg("{type} at {organization_name}", &values);
                described.insert(doc, (None, detail, OpenTarget::Organization(org_id)));
            }
        }
        SearchKind::Note => {
            let rows: Vec<(i64, String, MaybeId, MaybeId, String, bool)> = sqlx::query_as(
                "SELECT d.doc, n.body, n.organization_id, n.person_id,
                    coalesce(o.name, trim(coalesce(p.first_name, '') || ' ' || coalesce(p.last_name, ''))),
                    n.urgent
                 FROM json_each(?1) j JOIN search_docs d ON d.doc = j.value
                    JOIN notes n ON n.id = d.ref_id
                    LEFT JOIN organizations o ON o.id = n.organization_id
                    LEFT JOIN people p ON p.id = n.person_id",
            )
            .bind(&docs)
            .fetch_all(&mut *conn)
            .await?;
            for (doc, body, org, person, subject, urgent) in rows {
                let open = match (org, person) {
                    (Some(o), _) => OpenTarget::Organization(o),
                    (None, Some(p)) => OpenTarget::Person(p),
                    (None, None) => continue,
                };
                let first_line: String = body.lines().next().unwrap_or_default().chars().take(90).collect();
                let detail = if urgent {
                    msg("Urgent note on {subject}", &[("subject", &subject)])
                } else {
                    msg("Note on {subject}", &[("subject", &subject)])
                };
                described.insert(doc, (Some(first_line), detail, open));
            }
        }
        SearchKind::File => {
            let rows: Vec<(i64, MaybeId, MaybeId, String)> = sqlx::query_as(
                "SELECT d.doc, coalesce(a.organization_id, s.organization_id), a.person_id,
                    coalesce(o.name, so.name, trim(coalesce(p.first_name, '') || ' ' || coalesce(p.last_name, '')))
                 FROM json_each(?1) j JOIN search_docs d ON d.doc = j.value
                    JOIN attachments a ON a.id = d.ref_id
                    LEFT JOIN organizations o ON o.id = a.organization_id
                    LEFT JOIN people p ON p.id = a.person_id
                    LEFT JOIN systems s ON s.id = a.system_id
                    LEFT JOIN organizations so ON so.id = s.organization_id",
            )
            .bind(&docs)
            .fetch_all(&mut *conn)
            .await?;
            for (doc, org, person, owner) in rows {
                let open = match (org, person) {
                    (Some(o), _) => OpenTarget::Organization(o),
                    (None, Some(p)) => OpenTarget::Person(p),
                    (None, None) => continue,
                };
                described.insert(doc, (None, msg("File on {owner}", &[("owner", &owner)]), open));
            }
        }
    }
    Ok(found
        .into_iter()
        .filter_map(|c| {
            let (title, detail, open) = described.remove(&c.doc)?;
            Some(SearchHit {
                kind,
                id: c.id,
                title: title.unwrap_or(c.title),
                detail,
                archived: c.archived,
                open,
            })
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_words_become_quoted_prefix_phrases_never_fts_syntax() {
        let q = |text: &str| fts_query(text).map(|q| q.all);
        assert_eq!(q("Mül").unwrap(), "\"mül\"*");
        assert_eq!(
            q("a\" OR title : note NEAR(").unwrap(),
            "\"a\"\"\"* \"or\"* \"title\"* \"note\"* \"near(\"*"
        );
        assert_eq!(q("  -- "), None);
        assert_eq!(q("10.1.").unwrap(), "\"10.1.\"*", "three digits: not a phone number");
        assert_eq!(q("10.20.3").unwrap(), "(\"10.20.3\"*) OR digits : \"10203\"*");
        assert_eq!(q("a\0b c\u{7}").unwrap(), "\"a\"* \"b\"* \"c\"*", "control characters separate words");
        assert_eq!(q("0113 496").unwrap(), "(\"0113\"* \"496\"*) OR digits : \"0113496\"*");
        assert_eq!(q("4960000").unwrap(), "\"4960000\"*", "one number: the phrase searches the digits too");
        assert_eq!(fts_query("acme dent").unwrap().title, "title : (\"acme\"* \"dent\"*)");
        assert_eq!(fts_query("Acme \"x").unwrap().title_start, "title : ^\"acme \"\"x\"*");
    }

    #[test]
    fn folding_matches_the_index() {
        assert_eq!(words("Müller-Lüdenscheidt GmbH & Co."), ["muller", "ludenscheidt", "gmbh", "co"]);
        assert_eq!(fold("ÉCOLE Ζωή"), "ecole ζωη");
        assert_eq!(fold("Łódź Søndergård"), "lodz sondergard");
    }

    fn candidate(doc: i64, title: &str) -> Candidate {
        Candidate { doc, id: uuid::Uuid::nil(), archived: false, title: title.into(), tier: Tier::Other }
    }

    #[test]
    fn titles_starting_with_the_query_come_first_then_whole_words_then_shorter() {
        let found = vec![
            candidate(1, "Northern Acme Dental"),
            candidate(2, "The Acme Group"),
            candidate(3, "Acme"),
            candidate(4, "Acmeology Ltd"),
            candidate(5, "Acme Dental Practice"),
            candidate(6, "Acme Dental"),
        ];
        let ranked = rank_titles(found, &words("acme"));
        let titles: Vec<&str> = ranked.iter().map(|c| c.title.as_str()).collect();
        assert_eq!(
            titles,
            [
                "Acme",
                "Acme Dental",
                "Acme Dental Practice",
                "Acmeology Ltd",
                "The Acme Group",
                "Northern Acme Dental"
            ]
        );
        assert_eq!(ranked[3].tier, Tier::TitleStart);
        assert_eq!(ranked[4].tier, Tier::Title);
        let ranked =
            rank_titles(vec![candidate(1, "Dental Acme"), candidate(2, "Acme Dental")], &words("acme den"));
        assert_eq!(ranked[0].title, "Acme Dental");
        let ranked = rank_titles(vec![candidate(1, "Same"), candidate(2, "Same")], &words("sa"));
        assert_eq!(ranked[0].doc, 2, "the newest first among equals");
    }
}
