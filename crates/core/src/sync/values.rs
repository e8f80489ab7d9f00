//! Values between SQLite and the server's JSON: BLOB ids travel as lower-case hex strings,
//! integers and reals as numbers, text as strings, NULL as null. Encoding follows the value's
//! own type; decoding follows the local column's declared type.

use std::collections::HashMap;

use serde_json::{Map, Value};
use sqlx::sqlite::{SqliteArguments, SqliteRow};
use sqlx::{Arguments, Column as _, Row, SqliteConnection, TypeInfo, ValueRef};

use super::capture::{Column, columns, synced_tables};
use crate::messages::msg;
use crate::{Error, Result};

/// The synced tables' columns, read once per sync.
#[derive(Clone, Debug, Default)]
pub struct Schema {
    tables: HashMap<String, Vec<Column>>,
}

impl Schema {
    pub async fn load(conn: &mut SqliteConnection) -> Result<Self> {
        let mut tables = HashMap::new();
        for table in synced_tables() {
            let cols = columns(conn, table).await?;
            if !cols.is_empty() {
                tables.insert(table.to_owned(), cols);
            }
        }
        Ok(Self { tables })
    }

    /// The columns of a synced table; None for a table this machine does not sync (a newer
    /// Fieldbook's), which is left alone.
    pub fn table(&self, table: &str) -> Option<&[Column]> {
        self.tables.get(table).map(Vec::as_slice)
    }

    pub fn tables(&self) -> impl Iterator<Item = (&str, &[Column])> {
        self.tables.iter().map(|(name, cols)| (name.as_str(), cols.as_slice()))
    }
}

/// The primary key columns in key order.
pub fn key_columns(columns: &[Column]) -> Vec<&Column> {
    let mut pk: Vec<&Column> = columns.iter().filter(|c| c.pk > 0).collect();
    pk.sort_by_key(|c| c.pk);
    pk
}

/// Column `index` of `row` as JSON.
pub fn encode(row: &SqliteRow, index: usize) -> Result<Value> {
    let raw = row.try_get_raw(index)?;
    if raw.is_null() {
        return Ok(Value::Null);
    }
    let kind = raw.type_info().name().to_owned();
    Ok(match kind.as_str() {
        "INTEGER" => Value::from(row.try_get::<i64, _>(index)?),
        "REAL" => Value::from(row.try_get::<f64, _>(index)?),
        "BLOB" => Value::from(hex(&row.try_get::<Vec<u8>, _>(index)?)),
        _ => Value::from(row.try_get::<String, _>(index)?),
    })
}

/// A whole row as a JSON object of its columns.
pub fn encode_row(row: &SqliteRow) -> Result<Map<String, Value>> {
    let mut map = Map::new();
    for (i, column) in row.columns().iter().enumerate() {
        map.insert(column.name().to_owned(), encode(row, i)?);
    }
    Ok(map)
}

/// Binds `value` for `column` (by its declared type).
pub fn bind(args: &mut SqliteArguments, column: &Column, value: &Value) -> Result<()> {
    let bad = || {
        Error::invalid(
            "team",
            msg("The team server sent a value for {column} that is not valid.", &[("column", &column.name)]),
        )
    };
    let result = match value {
        Value::Null => args.add(None::<String>),
        Value::Bool(b) => args.add(i64::from(*b)),
        Value::Number(n) => match (column.kind.as_str(), n.as_i64()) {
            ("TEXT", _) => args.add(n.to_string()),
            (_, Some(i)) => args.add(i),
            _ => args.add(n.as_f64().ok_or_else(bad)?),
        },
        Value::String(s) if column.is_blob() => args.add(unhex(s).ok_or_else(bad)?),
        Value::String(s) if column.kind == "INTEGER" => match s.parse::<i64>() {
            Ok(i) => args.add(i),
            Err(_) => args.add(s.clone()),
        },
        Value::String(s) => args.add(s.clone()),
        Value::Array(_) | Value::Object(_) => args.add(value.to_string()),
    };
    result.map_err(|e| Error::Io(std::io::Error::other(e)))
}

/// A row key (a JSON array text) as values for the primary key columns.
pub fn key_values(key: &str, pk: &[&Column]) -> Result<Vec<Value>> {
    let values: Vec<Value> = serde_json::from_str(key).map_err(|_| bad_key())?;
    if values.len() != pk.len() {
        return Err(bad_key());
    }
    Ok(values)
}

fn bad_key() -> Error {
    Error::invalid("team", msg("The team server sent a row key that is not valid.", &[]))
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub fn unhex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) {
        return None;
    }
    (0..text.len()).step_by(2).map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_round_trips_and_refuses_odd_or_non_hex_text() {
        assert_eq!(hex(&[0, 15, 255]), "000fff");
        assert_eq!(unhex("000fff"), Some(vec![0, 15, 255]));
        assert_eq!(unhex("0g"), None);
        assert_eq!(unhex("abc"), None);
    }
}
