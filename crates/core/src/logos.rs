//! Organization logos (PNG or JPEG, shown in the header) and the own company's logo (printed on
//! statements),
//! kept in the same content-addressed store as attachments: setting one stores its contents
//! first, then points the organization at them; the old contents go when nothing else uses them.

use std::path::Path;

use serde::{Deserialize, Serialize};
use sqlx::SqliteConnection;
use ts_rs::TS;

use crate::db::Db;
use crate::files::{FileStore, drop_unreferenced, image_type, insert_blob};
use crate::messages::msg;
use crate::{Error, OrganizationId, Result};

/// A logo as the header shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Logo {
    pub media_type: String,
    /// The image, base64-encoded, for a `data:` URL.
    pub base64: String,
}

/// Logos larger than this are refused (they are shown small and printed on statements).
const MAX_LOGO_BYTES: u64 = 5 * 1024 * 1024;

/// The logos service.
pub struct Logos<'a> {
    db: &'a Db,
    store: &'a FileStore,
}

impl<'a> Logos<'a> {
    pub(crate) fn new(db: &'a Db, store: &'a FileStore) -> Self {
        Self { db, store }
    }

    /// Copies a PNG or JPEG (at most 5 MiB) into the file store: its hash, size and media type.
    /// The caller holds the store's lock until its database row refers to the contents.
    async fn store_image(&self, source: &Path) -> Result<(String, u64, &'static str)> {
        let media_type = image_type(source)
            .ok_or_else(|| Error::invalid("logo", msg("A logo must be a PNG or JPEG image.", &[])))?;
        let (sha, size) = self.store.put_blocking(source, MAX_LOGO_BYTES).await.map_err(|e| match e {
            Error::Invalid { .. } => Error::invalid("logo", msg("A logo can be at most 5 MiB.", &[])),
            other => other,
        })?;
        Ok((sha, size, media_type))
    }

    /// Sets an organization's logo from a PNG or JPEG file.
    pub async fn set(&self, organization: OrganizationId, source: &Path) -> Result<()> {
        let _guard = self.store.lock().await?;
        let (sha, size, media_type) = self.store_image(source).await?;
        let mut tx = self.db.begin_write().await?;
        let old = current(&mut tx, organization).await?;
        insert_blob(&mut tx, &sha, size).await?;
        point_at(&mut tx, organization, Some((&sha, media_type))).await?;
        let gone = replaced(&mut tx, old, Some(&sha)).await?;
        tx.commit().await?;
        self.store.remove(&gone);
        Ok(())
    }

    /// Removes an organization's logo.
    pub async fn clear(&self, organization: OrganizationId) -> Result<()> {
        let _guard = self.store.lock().await?;
        let mut tx = self.db.begin_write().await?;
        let old = current(&mut tx, organization).await?;
        point_at(&mut tx, organization, None).await?;
        let gone = replaced(&mut tx, old, None).await?;
        tx.commit().await?;
        self.store.remove(&gone);
        Ok(())
    }

    /// An organization's logo for the header, if it has one.
    pub async fn get(&self, organization: OrganizationId) -> Result<Option<Logo>> {
        Ok(self
            .bytes(organization)
            .await?
            .map(|(media_type, bytes)| Logo { media_type, base64: base64(&bytes) }))
    }

    /// The raw bytes and media type of an organization's logo (for statements).
    pub async fn bytes(&self, organization: OrganizationId) -> Result<Option<(String, Vec<u8>)>> {
        let row: Option<(Option<String>, Option<String>)> =
            sqlx::query_as("SELECT logo_sha256, logo_media_type FROM organizations WHERE id = ?")
                .bind(organization)
                .fetch_optional(self.db.reader())
                .await?;
        let (sha, media_type) = row.ok_or(Error::NotFound { entity: "organization" })?;
        let (Some(sha), Some(media_type)) = (sha, media_type) else { return Ok(None) };
        Ok(Some((media_type, std::fs::read(self.store.blob_path(&sha))?)))
    }
}

/// The own company's logo, printed on statements, kept in the settings (`billing.logo_*`).
impl Logos<'_> {
    /// Sets the own company's logo from a PNG or JPEG file.
    pub async fn set_company(&self, source: &Path) -> Result<()> {
        let _guard = self.store.lock().await?;
        let (sha, size, media_type) = self.store_image(source).await?;
        let mut tx = self.db.begin_write().await?;
        let old = company_current(&mut tx).await?;
        insert_blob(&mut tx, &sha, size).await?;
        for (key, value) in [("billing.logo_sha256", sha.as_str()), ("billing.logo_media_type", media_type)] {
            sqlx::query(
                "INSERT INTO settings (key, value, updated_at) VALUES (?1, ?2, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
                 ON CONFLICT (key) DO UPDATE SET value = ?2, updated_at = excluded.updated_at",
            )
            .bind(key)
            .bind(value)
            .execute(&mut *tx)
            .await?;
        }
        let gone = replaced(&mut tx, old, Some(&sha)).await?;
        tx.commit().await?;
        self.store.remove(&gone);
        Ok(())
    }

    /// Removes the own company's logo.
    pub async fn clear_company(&self) -> Result<()> {
        let _guard = self.store.lock().await?;
        let mut tx = self.db.begin_write().await?;
        let old = company_current(&mut tx).await?;
        sqlx::query("DELETE FROM settings WHERE key IN ('billing.logo_sha256', 'billing.logo_media_type')")
            .execute(&mut *tx)
            .await?;
        let gone = replaced(&mut tx, old, None).await?;
        tx.commit().await?;
        self.store.remove(&gone);
        Ok(())
    }

    /// The own company's logo for the settings page, if set.
    pub async fn company(&self) -> Result<Option<Logo>> {
        Ok(self.company_bytes().await?.map(|(media_type, bytes)| Logo { media_type, base64: base64(&bytes) }))
    }

    /// The raw bytes and media type of the own company's logo (for statements).
    pub async fn company_bytes(&self) -> Result<Option<(String, Vec<u8>)>> {
        let rows: Vec<(String, String)> = sqlx::query_as(
            "SELECT key, value FROM settings WHERE key IN ('billing.logo_sha256', 'billing.logo_media_type')",
        )
        .fetch_all(self.db.reader())
        .await?;
        let get = |k: &str| rows.iter().find(|(key, _)| key == k).map(|(_, v)| v.clone());
        let (Some(sha), Some(media_type)) = (get("billing.logo_sha256"), get("billing.logo_media_type"))
        else {
            return Ok(None);
        };
        Ok(Some((media_type, std::fs::read(self.store.blob_path(&sha))?)))
    }
}

/// Drops the old logo's contents when nothing refers to them any more (and they are not the new
/// logo's); returns the hashes whose files can go after the commit.
async fn replaced(
    conn: &mut SqliteConnection,
    old: Option<String>,
    new: Option<&str>,
) -> Result<Vec<String>> {
    match old {
        Some(old) if Some(old.as_str()) != new => drop_unreferenced(conn, &[old]).await,
        _ => Ok(Vec::new()),
    }
}

async fn company_current(conn: &mut SqliteConnection) -> Result<Option<String>> {
    Ok(sqlx::query_scalar("SELECT value FROM settings WHERE key = 'billing.logo_sha256'")
        .fetch_optional(&mut *conn)
        .await?)
}

/// The organization's current logo contents (hash), refusing an unknown organization.
async fn current(conn: &mut SqliteConnection, organization: OrganizationId) -> Result<Option<String>> {
    let old: Option<Option<String>> =
        sqlx::query_scalar("SELECT logo_sha256 FROM organizations WHERE id = ?")
            .bind(organization)
            .fetch_optional(&mut *conn)
            .await?;
    old.ok_or(Error::NotFound { entity: "organization" })
}

/// Points the organization at a logo (`(hash, media type)`), or at none.
async fn point_at(
    conn: &mut SqliteConnection,
    organization: OrganizationId,
    logo: Option<(&str, &str)>,
) -> Result<()> {
    sqlx::query(
        "UPDATE organizations SET logo_sha256 = ?, logo_media_type = ?,
            updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?",
    )
    .bind(logo.map(|(sha, _)| sha))
    .bind(logo.map(|(_, media_type)| media_type))
    .bind(organization)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Standard base64 with padding (data: URLs, e-mail attachments).
pub(crate) fn base64(bytes: &[u8]) -> String {
    const TABLE: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(TABLE[(n >> (18 - 6 * i)) as usize & 63] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_the_standard_alphabet() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
    }
}
