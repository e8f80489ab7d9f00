//! Rows of any table, for merges: the columns that reference organizations or people (read from
//! the schema at run time, so a table added later is moved without being listed anywhere), how a
//! row is found again (its primary key), and whole rows as typed JSON that are written back
//! exactly.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use sqlx::query::Query;
use sqlx::sqlite::{SqliteArguments, SqliteRow};
use sqlx::{AssertSqlSafe, Row, Sqlite, SqliteConnection, TypeInfo, ValueRef};

use crate::messages::msg;
use crate::{Error, Result};

/// One SQLite value with its storage class, as the journal keeps it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", content = "value", rename_all = "snake_case")]
pub(crate) enum Cell {
    Null,
    Integer(i64),
    Real(f64),
    Text(String),
    /// Lower-case hex digits.
    Blob(String),
}

impl Cell {
    /// A record id (a UUID stored as 16 bytes).
    pub(crate) fn id(id: uuid::Uuid) -> Self {
        Self::Blob(hex(id.as_bytes()))
    }
}

/// Column → value: a whole row, or the columns that find a row.
pub(crate) type Image = BTreeMap<String, Cell>;

/// The pseudo-column that finds a row of a table without a declared primary key. Fieldbook
/// never runs VACUUM (the only thing that renumbers such rowids), and every table has a key today.
const ROWID: &str = "rowid";

/// A column that references organizations or people.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Reference {
    pub table: String,
    pub column: String,
}

/// What a merge needs to know about a table.
#[derive(Clone, Debug)]
pub(crate) struct Table {
    pub name: String,
    /// Every column but generated ones, in order.
    pub columns: Vec<String>,
    /// The primary key's columns; empty when the table has none (its rows are found by rowid).
    pub key: Vec<String>,
    pub has_updated_at: bool,
}

/// `ident` as a quoted SQL identifier.
pub(crate) fn quote(ident: &str) -> String {
    format!("\"{}\"", ident.replace('"', "\"\""))
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(text: &str) -> Result<Vec<u8>> {
    let bad = || Error::Io(std::io::Error::other("a merge journal holds a damaged value"));
    if !text.len().is_multiple_of(2) {
        return Err(bad());
    }
    (0..text.len())
        .step_by(2)
        .map(|i| text.get(i..i + 2).and_then(|pair| u8::from_str_radix(pair, 16).ok()).ok_or_else(bad))
        .collect()
}

/// Binds `cell` as the next parameter of `query`.
pub(crate) fn bind<'q>(
    query: Query<'q, Sqlite, SqliteArguments>,
    cell: &Cell,
) -> Result<Query<'q, Sqlite, SqliteArguments>> {
    Ok(match cell {
        Cell::Null => query.bind(None::<i64>),
        Cell::Integer(v) => query.bind(*v),
        Cell::Real(v) => query.bind(*v),
        Cell::Text(v) => query.bind(v.clone()),
        Cell::Blob(v) => query.bind(unhex(v)?),
    })
}

/// The value in column `i` of `row`, with its storage class.
fn cell(row: &SqliteRow, i: usize) -> Result<Cell> {
    let raw = row.try_get_raw(i)?;
    if raw.is_null() {
        return Ok(Cell::Null);
    }
    // The value's own storage class (sqlx reports the declared type only for NULL).
    let class = raw.type_info().name().to_owned();
    Ok(match class.as_str() {
        "INTEGER" => Cell::Integer(row.try_get_unchecked(i)?),
        "REAL" => Cell::Real(row.try_get_unchecked(i)?),
        "TEXT" => Cell::Text(row.try_get_unchecked(i)?),
        _ => Cell::Blob(hex(&row.try_get_unchecked::<Vec<u8>, _>(i)?)),
    })
}

fn image(row: &SqliteRow, columns: &[String]) -> Result<Image> {
    columns.iter().enumerate().map(|(i, c)| Ok((c.clone(), cell(row, i)?))).collect()
}

/// Every single-column foreign key that references `target` (organizations or people), from
/// `pragma_foreign_key_list` over every table in the schema. A composite key, or one that
/// references another column than `id`, is refused: moving it would need a rule nobody wrote.
pub(crate) async fn references(conn: &mut SqliteConnection, target: &str) -> Result<Vec<Reference>> {
    let rows: Vec<(String, String, Option<String>, i64)> = sqlx::query_as(
        "SELECT m.name, f.\"from\", f.\"to\",
            (SELECT count(*) FROM pragma_foreign_key_list(m.name) g WHERE g.id = f.id)
         FROM sqlite_master m JOIN pragma_foreign_key_list(m.name) f
         WHERE m.type = 'table' AND lower(f.\"table\") = lower(?1)
         ORDER BY m.name, f.id, f.seq",
    )
    .bind(target)
    .fetch_all(&mut *conn)
    .await?;
    let mut found = Vec::new();
    for (table, column, to, parts) in rows {
        if parts > 1 || to.as_deref().is_some_and(|to| !to.eq_ignore_ascii_case("id")) {
            return Err(Error::invalid(
                "merge",
                msg(
                    "Merging does not know how to move {table}.{column}, which refers to {target} \
                     through a key other than its id. Nothing was merged.",
                    &[("table", &table), ("column", &column), ("target", target)],
                ),
            ));
        }
        found.push(Reference { table, column });
    }
    Ok(found)
}

/// The columns and key of `name`.
pub(crate) async fn table(conn: &mut SqliteConnection, name: &str) -> Result<Table> {
    // table_info leaves generated columns out: they cannot be written.
    let rows: Vec<(String, i64)> = sqlx::query_as("SELECT name, pk FROM pragma_table_info(?1) ORDER BY cid")
        .bind(name)
        .fetch_all(&mut *conn)
        .await?;
    let mut key: Vec<(i64, String)> =
        rows.iter().filter(|(_, pk)| *pk > 0).map(|(c, pk)| (*pk, c.clone())).collect();
    key.sort();
    Ok(Table {
        name: name.to_owned(),
        has_updated_at: rows.iter().any(|(c, _)| c == "updated_at"),
        columns: rows.into_iter().map(|(c, _)| c).collect(),
        key: key.into_iter().map(|(_, c)| c).collect(),
    })
}

impl Table {
    /// The columns that find a row.
    fn key_columns(&self) -> Vec<String> {
        if self.key.is_empty() { vec![ROWID.to_owned()] } else { self.key.clone() }
    }

    /// `"k1" IS ?n AND "k2" IS ?n+1 …` for `key`, numbering parameters from `first`; with the
    /// cells to bind in that order.
    pub(crate) fn key_where(&self, key: &Image, first: usize) -> Result<(String, Vec<Cell>)> {
        self.key_where_in("", key, first)
    }

    /// [`Table::key_where`] with the columns qualified by `prefix` (`"p."`).
    fn key_where_in(&self, prefix: &str, key: &Image, first: usize) -> Result<(String, Vec<Cell>)> {
        let mut sql = Vec::new();
        let mut binds = Vec::new();
        for (i, column) in self.key_columns().iter().enumerate() {
            let value = key.get(column).ok_or_else(|| {
                Error::Io(std::io::Error::other(format!(
                    "a merge journal lacks the key of a {} row",
                    self.name
                )))
            })?;
            let name = if column == ROWID { ROWID.to_owned() } else { quote(column) };
            sql.push(format!("{prefix}{name} IS ?{}", first + i));
            binds.push(value.clone());
        }
        Ok((sql.join(" AND "), binds))
    }

    /// The keys of the rows whose `column` is `value`, each with its updated_at (when the table
    /// has one).
    pub(crate) async fn keys_where(
        &self,
        conn: &mut SqliteConnection,
        column: &str,
        value: uuid::Uuid,
    ) -> Result<Vec<(Image, Option<Cell>)>> {
        let keys = self.key_columns();
        let mut select: Vec<String> =
            keys.iter().map(|c| if c == ROWID { c.clone() } else { quote(c) }).collect();
        if self.has_updated_at {
            select.push("updated_at".into());
        }
        let sql =
            format!("SELECT {} FROM {} WHERE {} = ?1", select.join(", "), quote(&self.name), quote(column));
        let rows = sqlx::query(AssertSqlSafe(sql)).bind(value).fetch_all(&mut *conn).await?;
        rows.iter()
            .map(|row| {
                let key = image(row, &keys)?;
                let updated = if self.has_updated_at { Some(cell(row, keys.len())?) } else { None };
                Ok((key, updated))
            })
            .collect()
    }

    /// The whole row found by `key`, if it exists.
    pub(crate) async fn row(&self, conn: &mut SqliteConnection, key: &Image) -> Result<Option<Image>> {
        let (filter, binds) = self.key_where(key, 1)?;
        let columns: Vec<String> = self.columns.iter().map(|c| quote(c)).collect();
        let sql = format!("SELECT {} FROM {} WHERE {filter}", columns.join(", "), quote(&self.name));
        let mut query = sqlx::query(AssertSqlSafe(sql));
        for b in &binds {
            query = bind(query, b)?;
        }
        query.fetch_optional(&mut *conn).await?.map(|row| image(&row, &self.columns)).transpose()
    }

    /// Deletes the row found by `key`.
    pub(crate) async fn delete(&self, conn: &mut SqliteConnection, key: &Image) -> Result<()> {
        let (filter, binds) = self.key_where(key, 1)?;
        let mut query =
            sqlx::query(AssertSqlSafe(format!("DELETE FROM {} WHERE {filter}", quote(&self.name))));
        for b in &binds {
            query = bind(query, b)?;
        }
        query.execute(&mut *conn).await?;
        Ok(())
    }

    /// Inserts `row` (a whole row as [`Table::row`] read it) back.
    pub(crate) async fn insert(&self, conn: &mut SqliteConnection, row: &Image) -> Result<()> {
        let columns: Vec<&String> = row.keys().collect();
        let sql = format!(
            "INSERT OR ABORT INTO {} ({}) VALUES ({})",
            quote(&self.name),
            columns.iter().map(|c| quote(c)).collect::<Vec<_>>().join(", "),
            (1..=columns.len()).map(|i| format!("?{i}")).collect::<Vec<_>>().join(", ")
        );
        let mut query = sqlx::query(AssertSqlSafe(sql));
        for value in row.values() {
            query = bind(query, value)?;
        }
        query.execute(&mut *conn).await?;
        Ok(())
    }

    /// Writes every column of `row` but the key back into the row it was read from.
    pub(crate) async fn overwrite(&self, conn: &mut SqliteConnection, row: &Image) -> Result<()> {
        let (filter, key_binds) = self.key_where(row, 1)?;
        let values: Vec<(&String, &Cell)> = row.iter().filter(|(c, _)| !self.key.contains(c)).collect();
        let set: Vec<String> = values
            .iter()
            .enumerate()
            .map(|(i, (c, _))| format!("{} = ?{}", quote(c), key_binds.len() + 1 + i))
            .collect();
        let sql = format!("UPDATE OR ABORT {} SET {} WHERE {filter}", quote(&self.name), set.join(", "));
        let mut query = sqlx::query(AssertSqlSafe(sql));
        for b in key_binds.iter().chain(values.iter().map(|(_, v)| *v)) {
            query = bind(query, b)?;
        }
        query.execute(&mut *conn).await?;
        Ok(())
    }

    /// Whether a unique index (or the primary key) of the table covers `column` (or an
    /// expression, which may involve it): only then is a unique violation a duplicate row.
    pub(crate) async fn unique_on(&self, conn: &mut SqliteConnection, column: &str) -> Result<bool> {
        Ok(sqlx::query_scalar(
            "SELECT EXISTS (SELECT 1 FROM pragma_index_list(?1) l JOIN pragma_index_info(l.name) i
                WHERE l.\"unique\" = 1 AND (i.name = ?2 OR i.name IS NULL))",
        )
        .bind(&self.name)
        .bind(column)
        .fetch_one(&mut *conn)
        .await?)
    }

    /// The columns under a unique index other than the primary key (an organization's account
    /// number): the merged-away record gives them up so the kept one may take them.
    pub(crate) async fn unique_columns(&self, conn: &mut SqliteConnection) -> Result<Vec<String>> {
        Ok(sqlx::query_scalar(
            "SELECT DISTINCT i.name FROM pragma_index_list(?1) l JOIN pragma_index_info(l.name) i
             WHERE l.\"unique\" = 1 AND l.origin <> 'pk' AND i.name IS NOT NULL ORDER BY i.name",
        )
        .bind(&self.name)
        .fetch_all(&mut *conn)
        .await?)
    }

    /// The first table with a row that references the row found by `key` (through any foreign
    /// key to this table), if there is one.
    pub(crate) async fn referenced_by(
        &self,
        conn: &mut SqliteConnection,
        key: &Image,
    ) -> Result<Option<String>> {
        let fks: Vec<(String, i64, String, Option<String>, i64)> = sqlx::query_as(
            "SELECT m.name, f.id, f.\"from\", f.\"to\", f.seq
             FROM sqlite_master m JOIN pragma_foreign_key_list(m.name) f
             WHERE m.type = 'table' AND lower(f.\"table\") = lower(?1)
             ORDER BY m.name, f.id, f.seq",
        )
        .bind(&self.name)
        .fetch_all(&mut *conn)
        .await?;
        let mut groups: BTreeMap<(String, i64), Vec<(String, String)>> = BTreeMap::new();
        for (child, id, from, to, seq) in fks {
            let to = match to {
                Some(to) => to,
                None => self.key.get(seq as usize).cloned().unwrap_or_else(|| ROWID.to_owned()),
            };
            groups.entry((child, id)).or_default().push((from, to));
        }
        let (filter, binds) = self.key_where_in("p.", key, 1)?;
        for ((child, _), pairs) in groups {
            let join: Vec<String> =
                pairs.iter().map(|(from, to)| format!("c.{} = p.{}", quote(from), quote(to))).collect();
            let sql = format!(
                "SELECT EXISTS (SELECT 1 FROM {} p JOIN {} c ON {} WHERE {filter})",
                quote(&self.name),
                quote(&child),
                join.join(" AND ")
            );
            let mut query = sqlx::query(AssertSqlSafe(sql));
            for b in &binds {
                query = bind(query, b)?;
            }
            if query.fetch_one(&mut *conn).await?.try_get::<bool, _>(0)? {
                return Ok(Some(child));
            }
        }
        Ok(None)
    }
}
