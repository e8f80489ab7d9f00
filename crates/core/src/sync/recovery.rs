//! The recovery kit of the team's passwords (issue "Shared credentials", item 6): when every
//! admin's machine is lost, nobody could approve a machine any more. An admin prints a kit: a key
//! pair of its own, registered with the server like a machine (kind "recovery", so every new key
//! is wrapped for it too), its private key sealed under a passphrase the admin chooses (Argon2id,
//! then XChaCha20-Poly1305) and printed as a code on a PDF page to keep offline. The passphrase is
//! not printed. An admin's new machine types the code and the passphrase to let itself in.

use chacha20poly1305::aead::{Aead, AeadCore, KeyInit, OsRng, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use serde::{Deserialize, Serialize};
use sqlx::postgres::PgPool;
use ts_rs::TS;

use super::replica;
use super::vault::{call_error, fingerprint, identity, unwrap, wrap};
use crate::messages::msg;
use crate::statements::pdf::{PlainLine, plain_page};
use crate::{Core, Error, Result};

/// A kit's code starts with this (the format's version).
const PREFIX: &str = "FB1";
/// Argon2id: 64 MiB, 3 passes (the passphrase is typed once a year at most).
const MEMORY_KIB: u32 = 64 * 1024;
const PASSES: u32 = 3;
const MIN_PASSPHRASE: usize = 12;
/// Characters of a code after its prefix: base32 of the kit id (16 bytes), the salt (16), the
/// nonce (24) and the sealed private key (74 + 16).
const CODE_CHARS: usize = (146_usize * 8).div_ceil(5);

/// A printed recovery kit.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RecoveryKit {
    /// The code to type back (also on the page), in groups of four.
    pub code: String,
    pub fingerprint: String,
    /// The page to print, as a PDF.
    #[ts(skip)]
    #[serde(skip)]
    pub pdf: Vec<u8>,
}

fn passphrase_key(passphrase: &str, salt: &[u8]) -> Result<[u8; 32]> {
    use argon2::{Algorithm, Argon2, Params, Version};
    let params = Params::new(MEMORY_KIB, PASSES, 1, Some(32))
        .map_err(|_| Error::invalid("passphrase", msg("The recovery kit's key could not be made.", &[])))?;
    let mut key = [0u8; 32];
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
        .hash_password_into(passphrase.as_bytes(), salt, &mut key)
        .map_err(|_| Error::invalid("passphrase", msg("The recovery kit's key could not be made.", &[])))?;
    Ok(key)
}

const ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

fn base32(bytes: &[u8]) -> String {
    let mut out = String::new();
    let (mut buffer, mut bits) = (0u32, 0);
    for byte in bytes {
        buffer = (buffer << 8) | u32::from(*byte);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(ALPHABET[((buffer >> bits) & 31) as usize] as char);
        }
    }
    if bits > 0 {
        out.push(ALPHABET[((buffer << (5 - bits)) & 31) as usize] as char);
    }
    out
}

fn unbase32(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let (mut buffer, mut bits) = (0u32, 0);
    for c in text.chars() {
        let value = ALPHABET.iter().position(|a| *a as char == c)? as u32;
        buffer = (buffer << 5) | value;
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
        }
    }
    Some(out)
}

/// The kit's code: its id, then its private key sealed under the passphrase.
fn encode(kit: &[u8; 16], identity: &str, passphrase: &str) -> Result<String> {
    let salt: [u8; 16] = *uuid::Uuid::new_v4().as_bytes();
    let key = passphrase_key(passphrase, &salt)?;
    let nonce = XChaCha20Poly1305::generate_nonce(&mut OsRng);
    let sealed = XChaCha20Poly1305::new(&key.into())
        .encrypt(&nonce, Payload { msg: identity.as_bytes(), aad: &aad(kit) })
        .map_err(|_| Error::invalid("passphrase", msg("The recovery kit could not be sealed.", &[])))?;
    let mut bytes = kit.to_vec();
    bytes.extend_from_slice(&salt);
    bytes.extend_from_slice(&nonce);
    bytes.extend_from_slice(&sealed);
    let groups: Vec<String> =
        base32(&bytes).as_bytes().chunks(4).map(|g| String::from_utf8_lossy(g).into_owned()).collect();
    Ok(format!("{PREFIX} {}", groups.join(" ")))
}

fn aad(kit: &[u8; 16]) -> Vec<u8> {
    let mut aad = b"fieldbook-recovery-kit-v1\0".to_vec();
    aad.extend_from_slice(kit);
    aad
}

/// The kit's id and private key from its code and passphrase.
fn decode(code: &str, passphrase: &str) -> Result<([u8; 16], age::x25519::Identity)> {
    let unreadable = || {
        Error::invalid("code", msg("That is not a Fieldbook recovery kit code (check what was typed).", &[]))
    };
    let upper: String =
        code.trim().to_ascii_uppercase().chars().filter(|c| !c.is_whitespace() && *c != '-').collect();
    // The prefix "FB1" (also typed "FBI"), then the code; 0, 1 and 8 are not in it (O, I, B).
    let body = upper.strip_prefix(PREFIX).or_else(|| upper.strip_prefix("FBI")).unwrap_or(&upper);
    let cleaned: String = body
        .chars()
        .map(|c| match c {
            '0' => 'O',
            '1' => 'I',
            '8' => 'B',
            other => other,
        })
        .collect();
    if cleaned.len() != CODE_CHARS {
        return Err(Error::invalid(
            "code",
            msg(
                "The code has {count} of its {total} characters (after FB1); check what was typed.",
                &[("count", &cleaned.len().to_string()), ("total", &CODE_CHARS.to_string())],
            ),
        ));
    }
    let bytes = unbase32(&cleaned).ok_or_else(unreadable)?;
    let kit: [u8; 16] = bytes[..16].try_into().map_err(|_| unreadable())?;
    let salt = &bytes[16..32];
    let nonce: [u8; 24] = bytes[32..56].try_into().map_err(|_| unreadable())?;
    let key = passphrase_key(passphrase, salt)?;
    let plain = XChaCha20Poly1305::new(&key.into())
        .decrypt(&XNonce::from(nonce), Payload { msg: &bytes[56..], aad: &aad(&kit) })
        .map_err(|_| {
            Error::invalid(
                "passphrase",
                msg("The passphrase does not open this recovery kit (or the code was mistyped).", &[]),
            )
        })?;
    let identity = String::from_utf8(plain).ok().and_then(|t| t.parse().ok()).ok_or_else(unreadable)?;
    Ok((kit, identity))
}

/// Prints a recovery kit (an admin, on a machine of theirs that reads the team's passwords).
pub async fn make(core: &Core, pool: &PgPool, passphrase: &str) -> Result<RecoveryKit> {
    use age::secrecy::ExposeSecret;
    if passphrase.chars().count() < MIN_PASSPHRASE {
        return Err(Error::invalid(
            "passphrase",
            msg(
                "Choose a passphrase of at least {min} characters (a few words are easiest).",
                &[("min", &MIN_PASSPHRASE.to_string())],
            ),
        ));
    }
    let db = core.db();
    let device = replica::state(db, "device").await?.unwrap_or_default();
    let mine = identity(&device, false).await?.ok_or_else(|| {
        Error::invalid("device", msg("This machine has no team key yet; sync once, then print the kit.", &[]))
    })?;
    let check = super::server::check(pool, 0, &device).await?;
    let version = check.vault.key_version.ok_or_else(|| {
        Error::invalid(
            "device",
            msg("The team has no password vault yet (an admin's machine starts it when it syncs).", &[]),
        )
    })?;
    let key = super::vault::my_keys(pool, &device, &mine).await?.remove(&version).ok_or_else(|| {
        Error::Forbidden(msg(
            "This machine cannot read the team's passwords itself; print the kit on an admin's machine that can.",
            &[],
        ))
    })?;
    let kit_identity = age::x25519::Identity::generate();
    let recipient = kit_identity.to_public().to_string();
    let kit = *uuid::Uuid::new_v4().as_bytes();
    let kit_id = super::values::hex(&kit);
    let (now, _) = crate::backup::utc_now();
    // Stored on the server and shown in every member's list of machines: in the language of the
    // admin who printed it.
    let name = msg("Recovery kit {date}", &[("date", now.get(..10).unwrap_or(&now))]);
    // The code and the page first: a kit is registered only once there is one to hand over.
    let secret = kit_identity.to_string().expose_secret().to_owned();
    let phrase = passphrase.to_owned();
    let code = tokio::task::spawn_blocking(move || encode(&kit, &secret, &phrase))
        .await
        .map_err(|e| Error::Io(std::io::Error::other(e)))??;
    let url = replica::state(db, "url").await?.unwrap_or_default();
    // The server as people name it: no login, no parameters (which could hold a password).
    let server = url
        .split_once('@')
        .map_or(url.as_str(), |(_, rest)| rest)
        .split('?')
        .next()
        .unwrap_or_default()
        .to_owned();
    let by = core.staff().me().await?.map(|m| m.name).unwrap_or_default();
    let pdf = page(&code, &fingerprint(&recipient), &server, &by, &now)?;
    sqlx::query("SELECT fieldbook.add_recovery_kit($1, $2, $3, $4, $5, $6, $7, $8)")
        .bind(&device)
        .bind(&kit_id)
        .bind(&name)
        .bind(&recipient)
        .bind(fingerprint(&recipient))
        .bind(version)
        .bind(wrap(&recipient, &key)?)
        .bind(super::vault::key_check(&key))
        .execute(pool)
        .await
        .map_err(call_error)?;
    Ok(RecoveryKit { code, fingerprint: fingerprint(&recipient), pdf })
}

fn page(code: &str, fingerprint: &str, url: &str, by: &str, when: &str) -> Result<Vec<u8>> {
    let line =
        |size: f32, bold: bool, text: &str, gap: f32| PlainLine { size, bold, text: text.to_owned(), gap };
    let when = when.get(..16).unwrap_or(when).replace('T', " ");
    let mut lines = vec![
        line(18.0, true, &msg("Fieldbook — recovery kit for the team's passwords", &[]), 0.0),
        line(10.0, false, &msg("Team server: {url}", &[("url", url)]), 4.0),
        line(10.0, false, &msg("Printed by {by}, {when}", &[("by", by), ("when", &when)]), 0.0),
        line(10.0, false, &msg("Kit fingerprint: {fingerprint}", &[("fingerprint", fingerprint)]), 0.0),
        line(12.0, true, &msg("Recovery code", &[]), 8.0),
    ];
    // The code, a few groups a line, for typing back.
    let groups: Vec<&str> = code.split(' ').collect();
    for chunk in groups.chunks(8) {
        lines.push(line(13.0, false, &chunk.join("  "), 1.5));
    }
    // Paragraphs broken into the page's lines by hand (the page does not wrap; a translation
    // breaks its own lines), an empty line between them.
    let advice = [
        msg(
            "Keep this page offline, somewhere safe (a safe, a sealed envelope with the company's papers).\n\
             It opens the team's passwords only together with the passphrase chosen when it was printed,\n\
             which is not on this page. Keep the passphrase apart from the page.",
            &[],
        ),
        msg(
            "When every admin's machine is lost: on a new machine, join the team with an admin's login,\n\
             then Settings → Team → Passwords → Restore with a recovery kit (or fieldbook-cli team recover),\n\
             and type this code and the passphrase. That machine can then approve the others again.",
            &[],
        ),
        msg(
            "A lost or stolen kit: remove it in Settings → Team (the team's key changes), then print a new one.",
            &[],
        ),
    ];
    for (i, text) in advice.join("\n\n").lines().enumerate() {
        lines.push(line(10.0, false, text, if i == 0 { 8.0 } else { 0.5 }));
    }
    plain_page(&msg("Fieldbook recovery kit", &[]), &lines)
}

/// Lets this machine (an admin's, registered with the team) in with a recovery kit: the team's
/// key, opened with the kit, is wrapped for this machine, which reads the passwords from its next
/// sync and can approve the others.
pub async fn recover(core: &Core, pool: &PgPool, code: &str, passphrase: &str) -> Result<()> {
    let (code, passphrase) = (code.to_owned(), passphrase.to_owned());
    let (kit, kit_identity) = tokio::task::spawn_blocking(move || decode(&code, &passphrase))
        .await
        .map_err(|e| Error::Io(std::io::Error::other(e)))??;
    let kit_id = super::values::hex(&kit);
    let db = core.db();
    let device = replica::state(db, "device").await?.unwrap_or_default();
    let mine = identity(&device, false).await?.ok_or_else(|| {
        Error::invalid(
            "device",
            msg("This machine has not registered with the team yet; sync once, then restore.", &[]),
        )
    })?;
    let held: Vec<(i32, Vec<u8>)> = sqlx::query_as("SELECT version, wrapped FROM fieldbook.kit_key($1)")
        .bind(&kit_id)
        .fetch_all(pool)
        .await
        .map_err(call_error)?;
    let recipient = mine.to_public().to_string();
    let mut keys = Vec::new();
    for (version, wrapped) in &held {
        if let Some(key) = unwrap(&kit_identity, wrapped) {
            keys.push(serde_json::json!({
                "version": version,
                "wrapped": super::values::hex(&wrap(&recipient, &key)?),
                "check": super::values::hex(&super::vault::key_check(&key)),
            }));
        }
    }
    if keys.is_empty() || keys.len() < held.len() {
        return Err(Error::invalid(
            "code",
            msg(
                "The team server holds no key for this kit (it was withdrawn, or belongs to another team).",
                &[],
            ),
        ));
    }
    sqlx::query("SELECT fieldbook.recover_with_kit($1, $2, $3)")
        .bind(&device)
        .bind(&kit_id)
        .bind(serde_json::Value::Array(keys))
        .execute(pool)
        .await
        .map_err(call_error)?;
    log::info!("vault: this machine was let in with recovery kit {kit_id}");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_opens_only_with_its_passphrase_and_survives_typing() {
        use age::secrecy::ExposeSecret;
        let identity = age::x25519::Identity::generate();
        let kit = *uuid::Uuid::new_v4().as_bytes();
        let code = encode(&kit, identity.to_string().expose_secret(), "correct horse battery").unwrap();
        assert!(code.starts_with("FB1 ") && code.len() < 320, "{code}");
        let (back, opened) = decode(&code, "correct horse battery").unwrap();
        assert_eq!(back, kit);
        assert_eq!(opened.to_public().to_string(), identity.to_public().to_string());
        // Typed back in lower case, without spaces, with dashes: the same.
        let typed = code.to_lowercase().replace(' ', "-");
        assert!(decode(&typed, "correct horse battery").is_ok());
        let Err(wrong) = decode(&code, "correct horse battery!") else {
            panic!("a wrong passphrase opened it")
        };
        assert!(wrong.to_string().contains("passphrase does not open"), "{wrong}");
        let mistyped = code.replacen('A', "B", 1).replacen('C', "D", 1);
        assert!(decode(&mistyped, "correct horse battery").is_err());
    }
}
