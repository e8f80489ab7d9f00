//! File contents in a team: attachments and logos travel by SHA-256, separately from their rows.
//! A blob is uploaded in parts before the row that refers to it is pushed (a cut upload resumes
//! at the parts the server lacks; the server checks the whole file's hash before keeping it).
//! Other machines fetch a blob when it is opened, or all of them in the background ("Keep files
//! offline", up to a size limit); a fetched blob is hashed again before it enters the store.

use sqlx::postgres::PgPool;

use crate::db::Db;
use crate::files::FileStore;
use crate::messages::msg;
use crate::{Error, Result};

/// Bytes per part: one statement each.
pub const PART: usize = 1024 * 1024;

/// The blobs that rows waiting in the outbox refer to.
pub(crate) async fn referenced_by_outbox(db: &Db) -> Result<Vec<String>> {
    Ok(sqlx::query_scalar(
        "SELECT a.sha256 FROM sync_outbox o JOIN attachments a ON a.id = unhex(json_extract(o.key, '$[0]'))
         WHERE o.tbl = 'attachments' AND o.field = '+'
         UNION
         SELECT g.logo_sha256 FROM sync_outbox o JOIN organizations g ON g.id = unhex(json_extract(o.key, '$[0]'))
         WHERE o.tbl = 'organizations' AND o.field IN ('+', 'logo_sha256') AND g.logo_sha256 IS NOT NULL
         UNION
         SELECT s.value FROM sync_outbox o JOIN settings s ON s.key = json_extract(o.key, '$[0]')
         WHERE o.tbl = 'settings' AND s.key = 'billing.logo_sha256'",
    )
    .fetch_all(db.reader())
    .await?)
}

/// Uploads those of `shas` the server lacks; returns how many were uploaded. A blob this
/// machine does not hold (it never fetched it) is left for the machine that has it.
pub(crate) async fn upload(pool: &PgPool, store: &FileStore, shas: &[String]) -> Result<usize> {
    if shas.is_empty() {
        return Ok(0);
    }
    let missing: Vec<String> =
        sqlx::query_scalar("SELECT fieldbook.blobs_missing($1)").bind(shas).fetch_one(pool).await?;
    let mut uploaded = 0;
    for sha in missing {
        let path = store.blob_path(&sha);
        let Ok(bytes) = tokio::fs::read(&path).await else {
            log::info!("sync: blob {sha} is not on this machine; not uploaded");
            continue;
        };
        let parts = bytes.len().div_ceil(PART).max(1);
        let held: Vec<i32> =
            sqlx::query_scalar("SELECT fieldbook.blob_parts_held($1)").bind(&sha).fetch_one(pool).await?;
        for n in 0..parts {
            if held.contains(&(n as i32)) {
                continue;
            }
            let part = &bytes[(n * PART).min(bytes.len())..((n + 1) * PART).min(bytes.len())];
            let _: String = sqlx::query_scalar("SELECT fieldbook.blob_put($1, $2, $3, $4)")
                .bind(&sha)
                .bind(n as i32)
                .bind(parts as i32)
                .bind(part)
                .fetch_one(pool)
                .await?;
        }
        uploaded += 1;
    }
    Ok(uploaded)
}

/// Fetches one blob from the server into the store (checked against its hash) and records it.
pub(crate) async fn fetch(pool: &PgPool, db: &Db, store: &FileStore, sha: &str) -> Result<u64> {
    let mut bytes = Vec::new();
    let mut n = 0;
    loop {
        let row: Option<(i64, Vec<u8>)> =
            sqlx::query_as("SELECT size, part FROM fieldbook.blob_get($1, $2, $3)")
                .bind(sha)
                .bind(n)
                .bind(PART as i32)
                .fetch_optional(pool)
                .await?;
        let Some((size, part)) = row else {
            return Err(Error::invalid(
                "file",
                msg(
                    "This file has not reached the team server yet (the machine that added it has not synced).",
                    &[],
                ),
            ));
        };
        bytes.extend_from_slice(&part);
        if bytes.len() as i64 >= size || part.is_empty() {
            break;
        }
        n += 1;
    }
    let _guard = store.lock().await?;
    let (got, size) = store.put_bytes_blocking(bytes).await?;
    if got != sha {
        return Err(Error::invalid(
            "file",
            msg("The file arrived damaged from the team server; try again.", &[]),
        ));
    }
    let mut tx = db.begin_write().await?;
    crate::files::insert_blob(&mut tx, sha, size).await?;
    tx.commit().await?;
    Ok(size)
}

/// Blobs rows refer to that this machine does not hold, smallest first, at most `limit` bytes
/// each (logos always).
pub(crate) async fn not_here(db: &Db, limit: u64) -> Result<Vec<String>> {
    Ok(sqlx::query_scalar(
        "SELECT sha256 FROM (
             SELECT sha256, max(size) AS size FROM attachments WHERE size <= ? GROUP BY sha256
             UNION SELECT logo_sha256, 0 FROM organizations WHERE logo_sha256 IS NOT NULL
             UNION SELECT value, 0 FROM settings WHERE key = 'billing.logo_sha256')
         WHERE sha256 NOT IN (SELECT sha256 FROM blobs)
         ORDER BY size LIMIT 1000",
    )
    .bind(limit as i64)
    .fetch_all(db.reader())
    .await?)
}
