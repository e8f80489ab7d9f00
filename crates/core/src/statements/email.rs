//! A statement as an e-mail draft: an .eml file (RFC 5322 + MIME) addressed to the
//! organization's billing contact, with the PDF attached and `X-Unsent: 1`, so that the user's
//! mail client opens it as a draft ready to send. Fieldbook itself never sends mail.

use sqlx::SqliteConnection;

use crate::logos::base64;
use crate::messages::msg;
use crate::{Error, OrganizationId, Result};

/// The organization's name and email, the billing contact's email and name.
type RecipientRow = (String, Option<String>, Option<String>, Option<String>);

/// Who a statement goes to: the billing contact's email, else the organization's.
pub(crate) async fn recipient(conn: &mut SqliteConnection, org: OrganizationId) -> Result<(String, String)> {
    let row: Option<RecipientRow> = sqlx::query_as(
        "SELECT o.name, o.email, p.email,
            nullif(trim(coalesce(p.first_name, '') || ' ' || coalesce(p.last_name, '')), '')
         FROM organizations o
         LEFT JOIN people p ON p.id = o.billing_contact_id AND p.organization_id = o.id AND p.archived_at IS NULL
         WHERE o.id = ?",
    )
    .bind(org)
    .fetch_optional(&mut *conn)
    .await?;
    let (org_name, org_email, contact_email, contact_name) =
        row.ok_or(Error::NotFound { entity: "organization" })?;
    match (contact_email, org_email) {
        (Some(email), _) => Ok((contact_name.unwrap_or(org_name), email)),
        (None, Some(email)) => Ok((org_name, email)),
        (None, None) => Err(Error::invalid(
            "billing_contact_id",
            msg(
                "“{name}” has no email address: set a billing contact with one, or the {organization}'s email.",
                &[("name", &org_name)],
            ),
        )),
    }
}

/// The draft's bytes.
pub fn draft(
    to_name: &str,
    to_email: &str,
    from: Option<&str>,
    subject: &str,
    body: &str,
    file_name: &str,
    pdf: &[u8],
) -> Vec<u8> {
    let boundary = format!("fieldbook-{:016x}", pdf.len() as u64 ^ 0x5f3c_9a1e_77d2_0b41);
    let mut out = String::new();
    if let Some(from) = from {
        out.push_str(&format!("From: {from}\r\n"));
    }
    out.push_str(&format!("To: {} <{}>\r\n", display_name(to_name), to_email));
    out.push_str(&format!("Subject: {}\r\n", header_word(subject)));
    out.push_str("X-Unsent: 1\r\nMIME-Version: 1.0\r\n");
    out.push_str(&format!("Content-Type: multipart/mixed; boundary=\"{boundary}\"\r\n\r\n"));
    out.push_str(&format!(
        "--{boundary}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"
    ));
    out.push_str(&wrapped(&base64(body.replace('\n', "\r\n").as_bytes())));
    out.push_str(&format!(
        "--{boundary}\r\nContent-Type: application/pdf; name=\"{ascii}\"\r\nContent-Transfer-Encoding: base64\r\n\
         Content-Disposition: attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}\r\n\r\n",
        ascii = ascii_name(file_name),
        encoded = percent(file_name)
    ));
    out.push_str(&wrapped(&base64(pdf)));
    out.push_str(&format!("--{boundary}--\r\n"));
    out.into_bytes()
}

/// A header value: as is when plain ASCII, else an RFC 2047 encoded word.
fn header_word(text: &str) -> String {
    let clean: String = text.chars().filter(|c| !c.is_control()).collect();
    if clean.is_ascii() && !clean.contains(['"', '<', '>']) {
        clean
    } else {
        format!("=?UTF-8?B?{}?=", base64(clean.as_bytes()))
    }
}

/// A display name in an address: plain when it is only letters, digits, spaces and hyphens,
/// else an encoded word ("Acme, Inc." would otherwise read as two recipients).
fn display_name(name: &str) -> String {
    let clean: String = name.chars().filter(|c| !c.is_control()).collect();
    if clean.chars().all(|c| c.is_ascii_alphanumeric() || c == ' ' || c == '-') {
        clean
    } else {
        format!("=?UTF-8?B?{}?=", base64(clean.as_bytes()))
    }
}

fn ascii_name(name: &str) -> String {
    name.chars().map(|c| if c.is_ascii_alphanumeric() || " .-_".contains(c) { c } else { '_' }).collect()
}

fn percent(name: &str) -> String {
    name.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._".contains(&b) {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

fn wrapped(encoded: &str) -> String {
    let mut out = String::with_capacity(encoded.len() + encoded.len() / 38);
    // Base64 is ASCII: every byte index is a character boundary.
    for start in (0..encoded.len()).step_by(76) {
        out.push_str(&encoded[start..(start + 76).min(encoded.len())]);
        out.push_str("\r\n");
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn headers_and_attachment_names() {
        assert_eq!(super::header_word("Statement 2026"), "Statement 2026");
        assert_eq!(super::header_word("Łódź"), "=?UTF-8?B?xYHDs2TFug==?=");
        assert_eq!(super::display_name("Acme, Inc."), "=?UTF-8?B?QWNtZSwgSW5jLg==?=");
        assert_eq!(super::display_name("Ann Archer"), "Ann Archer");
        let eml =
            String::from_utf8(super::draft("Ann", "ann@x.example", None, "Hi", "Body", "Łódź.pdf", b"%PDF"))
                .unwrap();
        assert!(eml.contains("To: Ann <ann@x.example>\r\n") && eml.contains("X-Unsent: 1\r\n"));
        assert!(eml.contains("filename*=UTF-8''%C5%81%C3%B3d%C5%BA.pdf"));
    }
}
