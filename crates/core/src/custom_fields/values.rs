//! Custom field values: how a value is checked and stored (its canonical form), saved with its
//! record, read back, and how the lists filter and count on one.

use sqlx::{QueryBuilder, Row, Sqlite, SqliteConnection};

use super::{
    CustomField, CustomFilter, CustomKind, CustomRecord, CustomValue, MULTILINE_MAX, TEXT_MAX, fields_of,
};
use crate::messages::msg;
use crate::text::{is_date, is_email};
use crate::{Error, Result};

/// How many records hold a value before a list's page walks its order index instead of reading
/// them all (`cargo xtask bench custom`): below it, reading the holders and sorting them is
/// quicker; above it, walking the list in order and looking each row up finds a page of 200
/// after a few thousand rows at most.
const DENSE: i64 = 4_000;

/// For each filter, whether so many records hold its value that a page should walk the list's
/// order and look each row's value up ([`push_filters`]); one count on the values' index each.
pub(crate) async fn dense(pool: &sqlx::SqlitePool, filters: &[CustomFilter]) -> Result<Vec<bool>> {
    let mut dense = Vec::with_capacity(filters.len());
    for filter in filters {
        let n: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM (SELECT 1 FROM custom_values WHERE field_id = ? AND value = ? LIMIT ?)",
        )
        .bind(filter.field_id)
        .bind(&filter.value)
        .bind(DENSE + 1)
        .fetch_one(pool)
        .await?;
        dense.push(n > DENSE);
    }
    Ok(dense)
}

/// How many of `table`'s records that are not archived hold the one value `filter` names: the
/// values' index count minus the archived holders (migration 0024's partial indexes), without
/// reading each holder's record. Only for a list whose one narrowing filter this is.
pub(crate) async fn count_holders(
    pool: &sqlx::SqlitePool,
    table: &str,
    filter: &CustomFilter,
) -> Result<u64> {
    let n: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
        "SELECT (SELECT count(*) FROM custom_values WHERE field_id = ?1 AND value = ?2)
              - (SELECT count(*) FROM custom_values WHERE field_id = ?1 AND value = ?2
                 AND record_id IN (SELECT id FROM {table} WHERE archived_at IS NOT NULL))"
    )))
    .bind(filter.field_id)
    .bind(&filter.value)
    .fetch_one(pool)
    .await?;
    Ok(n.max(0) as u64)
}

/// Appends a condition per filter: records holding that value. A filter marked dense (see
/// [`dense`]) looks the row's value up (`EXISTS`, walked in the list's order); the others
/// read the holders from the values' index (`IN`). A count passes no marks.
pub(crate) fn push_filters(
    query: &mut QueryBuilder<Sqlite>,
    id_column: &str,
    filters: &[CustomFilter],
    dense: &[bool],
) {
    for (i, filter) in filters.iter().enumerate() {
        if dense.get(i).copied().unwrap_or(false) {
            query
                .push(" AND EXISTS (SELECT 1 FROM custom_values cv WHERE cv.field_id = ")
                .push_bind(filter.field_id)
                .push(format!(" AND cv.record_id = {id_column} AND cv.value = "))
                .push_bind(filter.value.clone())
                .push(")");
        } else {
            query
                .push(format!(" AND {id_column} IN (SELECT record_id FROM custom_values WHERE field_id = "))
                .push_bind(filter.field_id)
                .push(" AND value = ")
                .push_bind(filter.value.clone())
                .push(")");
        }
    }
}

/// Saves a record's values inside its transaction: each value is checked against its field and
/// stored in canonical form, blank ones are removed. A form sends every field it shows (blank
/// ones as ""), so a required field sent blank is refused, naming the field; one it does not show
/// (a ticket field not asked when logging) is not. The caller's transaction is dropped on error.
pub(crate) async fn save_values(
    conn: &mut SqliteConnection,
    record: CustomRecord,
    record_id: uuid::Uuid,
    values: &[CustomValue],
) -> Result<()> {
    let fields = fields_of(conn, record, false).await?;
    for value in values {
        let Some(field) = fields.iter().find(|f| f.id == value.field_id) else {
            return Err(Error::invalid(
                "custom",
                msg(
                    "A custom field of {records} was removed meanwhile; reload the form.",
                    &[("records", record.term())],
                ),
            ));
        };
        let text = value.value.trim();
        if text.is_empty() {
            if field.required {
                return Err(Error::invalid(
                    "custom",
                    msg("{label}: this field is required.", &[("label", &field.label)]),
                ));
            }
            sqlx::query("DELETE FROM custom_values WHERE field_id = ? AND record_id = ?")
                .bind(field.id)
                .bind(record_id)
                .execute(&mut *conn)
                .await?;
            continue;
        }
        let stored = canonical(field, text)?;
        sqlx::query(
            "INSERT INTO custom_values (field_id, record_id, value) VALUES (?, ?, ?)
             ON CONFLICT (field_id, record_id) DO UPDATE SET value = excluded.value
             WHERE value IS NOT excluded.value",
        )
        .bind(field.id)
        .bind(record_id)
        .bind(stored)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// A record's values on `conn`, in field order (archived fields' values left out).
pub(crate) async fn values_of(
    conn: &mut SqliteConnection,
    record_id: uuid::Uuid,
) -> Result<Vec<CustomValue>> {
    let rows = sqlx::query(
        "SELECT v.field_id, v.value FROM custom_values v JOIN custom_fields f ON f.id = v.field_id
         WHERE v.record_id = ? AND f.archived_at IS NULL
         ORDER BY f.position, f.id",
    )
    .bind(record_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| Ok(CustomValue { field_id: r.try_get("field_id")?, value: r.try_get("value")? }))
        .collect()
}

/// Checks `value` against `field` and returns what is stored: trimmed, numbers without grouping,
/// yes/no as "yes"/"no", a choice spelled as its option. The message names the field.
pub fn canonical(field: &CustomField, value: &str) -> Result<String> {
    let value = value.trim();
    let label = &field.label;
    let shown = shortened(value);
    let not = |what: &'static str| {
        let what = msg(what, &[]);
        Error::invalid(
            "custom",
            msg("{label}: “{value}” is not {what}.", &[("label", label), ("value", &shown), ("what", &what)]),
        )
    };
    if field.kind != CustomKind::Multiline && value.chars().any(char::is_control) {
        return Err(match field.kind {
            CustomKind::Text => Error::invalid("custom", msg("{label}: one line only.", &[("label", label)])),
            _ => not(field.kind.described()),
        });
    }
    let max = if field.kind == CustomKind::Multiline { MULTILINE_MAX } else { TEXT_MAX };
    if value.chars().count() > max {
        return Err(Error::invalid(
            "custom",
            msg("{label}: at most {max} characters.", &[("label", label), ("max", &max.to_string())]),
        ));
    }
    Ok(match field.kind {
        CustomKind::Text | CustomKind::Multiline => value.to_owned(),
        CustomKind::Number => match plain_number(value) {
            Some(plain) => plain,
            None if value.contains(',') => {
                return Err(Error::invalid(
                    "custom",
                    msg(
                        "{label}: “{value}” is not a number as Fieldbook keeps them: write decimals with a dot (like 2.5 or 1,200.50).",
                        &[("label", label), ("value", &shown)],
                    ),
                ));
            }
            None => return Err(not("a number")),
        },
        CustomKind::Date if is_date(value) => value.to_owned(),
        CustomKind::Date => return Err(not("a date (YYYY-MM-DD)")),
        CustomKind::YesNo => match value.to_lowercase().as_str() {
            "yes" | "y" | "true" | "1" | "ja" | "x" => "yes".to_owned(),
            "no" | "n" | "false" | "0" | "nein" => "no".to_owned(),
            _ => return Err(not("yes or no")),
        },
        CustomKind::Choice => match field.choices.iter().find(|c| c.to_lowercase() == value.to_lowercase()) {
            Some(choice) => choice.clone(),
            None => {
                return Err(Error::invalid(
                    "custom",
                    msg(
                        "{label}: “{value}” is not one of the choices ({choices}).",
                        &[("label", label), ("value", &shown), ("choices", &field.choices.join(", "))],
                    ),
                ));
            }
        },
        CustomKind::Url => web_address(value).ok_or_else(|| not("a web address"))?,
        CustomKind::Email if is_email(value) => value.to_owned(),
        CustomKind::Email => return Err(not("an email address")),
        CustomKind::Phone => {
            let phone_like = value.chars().any(|c| c.is_ascii_digit())
                && value
                    .chars()
                    .all(|c| c.is_ascii_digit() || " +-().#/*xX".contains(c) || c.is_alphabetic());
            if !phone_like {
                return Err(not("a phone number"));
            }
            value.to_owned()
        }
    })
}

/// A number without its grouping ("1,200.5" and "1 200.5" → "1200.5"), or `None` when it is not
/// one. Grouping must be in threes before the decimal dot: "2,5" is refused rather than read as
/// 25 (a German decimal comma), and so is "1.200,5".
fn plain_number(value: &str) -> Option<String> {
    let value = value.strip_prefix('+').unwrap_or(value);
    let (sign, digits) = match value.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", value),
    };
    let (whole, fraction) = match digits.split_once('.') {
        // ".5" is 0.5.
        Some(("", f)) => ("0", Some(f)),
        Some((w, f)) => (w, Some(f)),
        None => (digits, None),
    };
    let groups: Vec<&str> = whole.split([',', ' ', '\u{a0}', '\u{202f}']).collect();
    let grouped_ok = groups.iter().all(|g| !g.is_empty() && g.chars().all(|c| c.is_ascii_digit()))
        && (groups.len() == 1 || groups[0].len() <= 3)
        && groups[1..].iter().all(|g| g.len() == 3);
    let fraction_ok = fraction.is_none_or(|f| !f.is_empty() && f.chars().all(|c| c.is_ascii_digit()));
    if !grouped_ok || !fraction_ok {
        return None;
    }
    let mut plain = format!("{sign}{}", groups.concat());
    if let Some(f) = fraction {
        plain.push('.');
        plain.push_str(f);
    }
    Some(plain)
}

/// A web address as typed, with https:// added when it has no scheme ("example.com/x"); only
/// http and https, and a host that looks like one (a dot in it, or localhost).
fn web_address(value: &str) -> Option<String> {
    let lower = value.to_ascii_lowercase();
    let (url, rest) = if lower.starts_with("https://") || lower.starts_with("http://") {
        (value.to_owned(), &value[value.find("://")? + 3..])
    } else if value.contains("://") {
        return None;
    } else {
        (format!("https://{value}"), value)
    };
    let host = rest.split(['/', '?', '#']).next()?.rsplit('@').next()?;
    let name = host.split(':').next()?;
    let host_ok = !name.is_empty()
        && (name.contains('.') || name.eq_ignore_ascii_case("localhost"))
        && name.chars().all(|c| c.is_alphanumeric() || c == '-' || c == '.' || c == '[' || c == ']')
        && host
            .split(':')
            .nth(1)
            .is_none_or(|port| !port.is_empty() && port.chars().all(|c| c.is_ascii_digit()));
    (host_ok && !url.chars().any(char::is_whitespace) && crate::links::external(&url).is_ok()).then_some(url)
}

/// The first 40 characters of a value, for a message.
fn shortened(value: &str) -> String {
    if value.chars().count() <= 40 {
        return value.to_owned();
    }
    format!("{}…", value.chars().take(40).collect::<String>())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::CustomFieldId;

    fn field(kind: CustomKind, choices: &[&str]) -> CustomField {
        CustomField {
            id: CustomFieldId::new(),
            record: CustomRecord::Organization,
            label: "Tier".into(),
            kind,
            required: false,
            help: None,
            choices: choices.iter().map(|c| c.to_string()).collect(),
            ask_on_ticket: false,
            position: 0,
            archived: false,
            values: 0,
        }
    }

    #[test]
    fn values_are_checked_and_stored_in_canonical_form() {
        let number = field(CustomKind::Number, &[]);
        assert_eq!(canonical(&number, " 1,200.5 ").unwrap(), "1200.5");
        assert_eq!(canonical(&number, "1 234 567").unwrap(), "1234567");
        assert_eq!(canonical(&number, "+42").unwrap(), "42");
        assert_eq!(canonical(&number, "-3").unwrap(), "-3");
        assert_eq!(canonical(&number, "0.25").unwrap(), "0.25");
        assert_eq!(canonical(&number, ".5").unwrap(), "0.5");
        for bad in ["ten", "1e5", "inf", "NaN", "1.2.3", "", "1.", "- 3", "1 2", "--1"] {
            let message = canonical(&number, bad).map_err(|e| e.to_string());
            assert!(message.is_err(), "{bad:?} read as {message:?}");
        }
        assert_eq!(canonical(&number, "ten").unwrap_err().to_string(), "Tier: “ten” is not a number.");
        // A decimal comma is not read as grouping: refused, saying how to write it.
        for comma in ["2,5", "1.200,50", "1,2345"] {
            let message = canonical(&number, comma).unwrap_err().to_string();
            assert!(message.contains("write decimals with a dot"), "{comma}: {message}");
        }
        let yes_no = field(CustomKind::YesNo, &[]);
        assert_eq!(canonical(&yes_no, "TRUE").unwrap(), "yes");
        assert_eq!(canonical(&yes_no, "n").unwrap(), "no");
        assert!(canonical(&yes_no, "maybe").is_err());
        let choice = field(CustomKind::Choice, &["Gold", "Silver"]);
        assert_eq!(canonical(&choice, "gold").unwrap(), "Gold");
        assert_eq!(
            canonical(&choice, "Bronze").unwrap_err().to_string(),
            "Tier: “Bronze” is not one of the choices (Gold, Silver)."
        );
        assert_eq!(canonical(&field(CustomKind::Url, &[]), "example.com").unwrap(), "https://example.com");
        assert_eq!(
            canonical(&field(CustomKind::Url, &[]), "HTTP://10.0.0.1:8080/admin").unwrap(),
            "HTTP://10.0.0.1:8080/admin"
        );
        for bad in ["javascript:alert(1)", "file:///etc/passwd", "two words.com", "ftp://x.io", "x.io:port"] {
            assert!(canonical(&field(CustomKind::Url, &[]), bad).is_err(), "{bad}");
        }
        assert!(canonical(&field(CustomKind::Email, &[]), "ann@").is_err());
        assert!(canonical(&field(CustomKind::Phone, &[]), "call me").is_err());
        assert_eq!(
            canonical(&field(CustomKind::Phone, &[]), "+1 (555) 010-2000").unwrap(),
            "+1 (555) 010-2000"
        );
        assert!(canonical(&field(CustomKind::Date, &[]), "2026-02-30").is_err());
        assert_eq!(
            canonical(&field(CustomKind::Text, &[]), "a\nb").unwrap_err().to_string(),
            "Tier: one line only."
        );
        assert_eq!(canonical(&field(CustomKind::Multiline, &[]), "a\nb").unwrap(), "a\nb");
    }
}
