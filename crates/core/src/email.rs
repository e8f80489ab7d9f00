//! Email files (.eml) read into plain data for a person's activity stream: who wrote to whom and
//! when, the subject, the body as plain text and the files that came with it. A pure function of
//! the file's bytes; storing the message and its files is the caller's business.
//!
//! MIME is mail-parser's job (structure, transfer encodings, charsets, RFC 2047 and 2231 words),
//! HTML is html2text's (a real HTML parser: scripts, styles and comments never reach the text).
//! The choices made here:
//! - **Body**: the message's text/plain parts; an HTML-only message's HTML parts turned into
//!   text ([`ParsedEmail::body_was_html`]). HTML is never passed on as HTML.
//! - **Charsets**: every charset mail-parser knows (the ISO-8859 and Windows families, KOI8,
//!   ISO-2022-JP, Shift_JIS, GBK, Big5, EUC-KR …). A text part with no charset or one nobody knows
//!   (`unknown-8bit`, a typo) is read as UTF-8 when it is valid UTF-8 and as Windows-1252
//!   otherwise, the rule the CSV import uses: every byte becomes some character, never a panic.
//!   Header words in an unknown charset keep their valid UTF-8 and show U+FFFD for the rest.
//! - **Forwarded messages** (a message/rfc822 part, "forward as attachment"): their text follows
//!   the body under a "Forwarded message" block with their From, Date, Subject, To and Cc, and
//!   their files join [`ParsedEmail::attachments`]; the forwarded message is not kept as an .eml
//!   of its own (its text and its files are all there is to it for the activity stream).
//! - **Inline images** (pasted pictures, signature logos shown through `cid:` links): kept as
//!   attachments with [`EmailAttachment::inline`] set, so nothing the sender showed is lost and
//!   the caller may fold or skip them.

mod body;
pub mod log;
mod nesting;

use std::fmt;

use mail_parser::{
    Address, ContentType, DateTime, HeaderName, Message, MessageParser, MessagePart, MimeHeaders, PartType,
};
use serde::Serialize;
use ts_rs::TS;

use crate::messages::msg;
use crate::{Error, Result};
use body::{decoded_text, html_text, plain_text, sent_bytes};
use nesting::{MAX_MESSAGE_PARTS, nesting_within_limits};

/// The largest email file read (checked before parsing): 50 MiB, above what mail servers accept
/// (Exchange Online and Gmail stop at 25–35 MB of message, which base64 makes ~1.37× larger).
pub const MAX_EMAIL_BYTES: usize = 50 * 1024 * 1024;

/// Forwarded messages inside forwarded messages are read this deep; deeper ones are left out.
const MAX_FORWARD_DEPTH: usize = 8;

/// A sender or recipient.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct Mailbox {
    /// The display name, when the message gives one ("Ann Lee").
    pub name: Option<String>,
    /// The address as written ("ann@example.com").
    pub address: String,
}

/// A file that came with the message.
#[derive(Clone, PartialEq, Eq, Serialize, TS)]
pub struct EmailAttachment {
    /// The name the sender gave it, or "attachment" with an extension for its type. Untrusted:
    /// a label only, with folders and control characters removed; never a path.
    pub name: String,
    /// The declared media type, lower case ("application/pdf").
    pub content_type: String,
    /// Bytes.
    #[ts(type = "number")]
    pub size: u64,
    /// An image shown inside the message (a pasted picture, a signature logo: disposition
    /// inline, or a Content-ID for `cid:` links) rather than attached as a file. Other files are
    /// never inline, whatever the sender marked (Apple Mail marks PDFs inline to preview them).
    pub inline: bool,
    /// The contents, decoded (text files keep the bytes and charset they were sent in); not sent
    /// to the UI.
    #[serde(skip)]
    #[ts(skip)]
    pub bytes: Vec<u8>,
}

impl fmt::Debug for EmailAttachment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EmailAttachment")
            .field("name", &self.name)
            .field("content_type", &self.content_type)
            .field("size", &self.size)
            .field("inline", &self.inline)
            .finish_non_exhaustive()
    }
}

/// An email as the activity stream shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct ParsedEmail {
    pub from: Option<Mailbox>,
    pub to: Vec<Mailbox>,
    pub cc: Vec<Mailbox>,
    /// When it was sent, in UTC ("2026-11-29T10:15:00Z"); `None` when the Date header is missing
    /// or not a real date.
    pub date: Option<String>,
    pub subject: Option<String>,
    /// Plain text, lines separated by "\n"; may be empty.
    pub body: String,
    /// The body, or a forwarded message's part of it, was made from HTML (no plain-text version).
    pub body_was_html: bool,
    /// The Message-ID without angle brackets, to recognise the same message recorded twice.
    pub message_id: Option<String>,
    pub attachments: Vec<EmailAttachment>,
}

/// Reads an email file (.eml, RFC 5322 with MIME). Never panics; refuses with an
/// [`Error::Invalid`] on field "file" an empty file, one over [`MAX_EMAIL_BYTES`], and one that
/// is not an email: the file must start with a header line (after an mbox "From " line, as in
/// exports) and have a From, Date or Subject header.
pub fn parse_eml(bytes: &[u8]) -> Result<ParsedEmail> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(Error::invalid("file", msg("The file is empty: there is no email in it.", &[])));
    }
    if bytes.len() > MAX_EMAIL_BYTES {
        return Err(Error::invalid(
            "file",
            msg(
                "The email is larger than {max} MiB, the most Fieldbook reads.",
                &[("max", &(MAX_EMAIL_BYTES >> 20).to_string())],
            ),
        ));
    }
    let bytes = skip_mbox_line(bytes);
    if !starts_with_header(bytes) {
        return Err(not_an_email());
    }
    if !nesting_within_limits(bytes, 0) {
        return Err(Error::invalid(
            "file",
            msg(
                "This email holds more than {max} forwarded messages; Fieldbook does not read it.",
                &[("max", &MAX_MESSAGE_PARTS.to_string())],
            ),
        ));
    }
    let message = MessageParser::default().parse(bytes).ok_or_else(not_an_email)?;
    let has = |name| message.root_part().headers.iter().any(|h| h.name == name);
    if message.parts.is_empty()
        || !(has(HeaderName::From) || has(HeaderName::Date) || has(HeaderName::Subject))
    {
        return Err(not_an_email());
    }
    let mut content = Content::default();
    content.read(&message, 0);
    let from = mailboxes(message.from().or_else(|| message.sender()).into_iter()).into_iter().next();
    Ok(ParsedEmail {
        from,
        to: mailboxes(message.all_to()),
        cc: mailboxes(message.all_cc()),
        date: message.date().and_then(utc),
        subject: message.subject().and_then(one_line),
        body: content.body,
        body_was_html: content.was_html,
        message_id: message.message_id().and_then(one_line),
        attachments: content.attachments,
    })
}

fn not_an_email() -> Error {
    Error::invalid(
        "file",
        msg("This file is not an email (.eml): it has no From, Date or Subject header.", &[]),
    )
}

/// Skips the "From sender date" line mbox files (and exports cut from them) put first.
fn skip_mbox_line(bytes: &[u8]) -> &[u8] {
    if !bytes.starts_with(b"From ") {
        return bytes;
    }
    match bytes.iter().position(|&b| b == b'\n') {
        Some(end) => &bytes[end + 1..],
        None => bytes,
    }
}

/// Whether the first line is a header field: a name of visible ASCII but ':' (RFC 5322 ftext),
/// then ':'. Keeps a text file that happens to have a "Subject:" line further down from passing.
fn starts_with_header(bytes: &[u8]) -> bool {
    let name_len = bytes.iter().take_while(|&&b| (33..=126).contains(&b) && b != b':').count();
    (1..=76).contains(&name_len) && bytes.get(name_len) == Some(&b':')
}

/// The addresses of header fields, groups flattened; entries without an address are dropped.
fn mailboxes<'a>(fields: impl Iterator<Item = &'a Address<'a>>) -> Vec<Mailbox> {
    fields
        .flat_map(|field| field.iter())
        .filter_map(|addr| {
            let address = one_line(addr.address()?)?;
            let name = addr.name().and_then(one_line).filter(|n| *n != address);
            Some(Mailbox { name, address })
        })
        .collect()
}

/// A header value on one line: control characters as spaces, trimmed, `None` when blank.
fn one_line(value: &str) -> Option<String> {
    let line: String = value.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    let line = line.trim();
    (!line.is_empty()).then(|| line.to_owned())
}

/// The instant in UTC, as "YYYY-MM-DDTHH:MM:SSZ"; `None` for impossible dates (30 February).
fn utc(date: &DateTime) -> Option<String> {
    let day = format!("{:04}-{:02}-{:02}", date.year, date.month, date.day);
    if !date.is_valid() || !crate::text::is_date(&day) {
        return None;
    }
    Some(DateTime::from_timestamp(date.to_timestamp()).to_rfc3339())
}

/// The body and the files of a message and of the messages forwarded in it.
#[derive(Default)]
struct Content {
    body: String,
    was_html: bool,
    attachments: Vec<EmailAttachment>,
}

impl Content {
    fn read(&mut self, message: &Message<'_>, depth: usize) {
        let mut texts = self.texts(message, &message.text_body);
        if texts.iter().all(|t| t.trim().is_empty()) {
            // A blank plain-text version beside a real HTML one: the HTML is the message.
            texts = self.texts(message, &message.html_body);
        }
        self.push_text(&texts.join("\n\n"));
        let mut forwarded = Vec::new();
        for part in message.attachments.iter().filter_map(|&id| message.parts.get(id as usize)) {
            match &part.body {
                PartType::Message(inner) => forwarded.push(inner),
                PartType::Multipart(_) => {}
                _ => self.attachments.push(attachment(message, part)),
            }
        }
        if depth >= MAX_FORWARD_DEPTH {
            return;
        }
        for inner in forwarded {
            self.push_text(&forward_header(inner));
            self.read(inner, depth + 1);
        }
    }

    /// The text of the body parts `ids` (images among them are skipped).
    fn texts(&mut self, message: &Message<'_>, ids: &[u32]) -> Vec<String> {
        let mut texts = Vec::new();
        for part in ids.iter().filter_map(|&id| message.parts.get(id as usize)) {
            match &part.body {
                PartType::Text(text) => texts.push(plain_text(message, part, text)),
                PartType::Html(html) => {
                    texts.push(html_text(&decoded_text(message, part, html)));
                    self.was_html = true;
                }
                _ => {}
            }
        }
        texts
    }

    fn push_text(&mut self, text: &str) {
        let text = text.trim_matches('\n');
        if text.trim().is_empty() {
            return;
        }
        if !self.body.is_empty() {
            self.body.push_str("\n\n");
        }
        self.body.push_str(text);
    }
}

/// The lines that introduce a forwarded message's text.
fn forward_header(message: &Message<'_>) -> String {
    let list = |boxes: Vec<Mailbox>| {
        boxes
            .iter()
            .map(|m| match &m.name {
                Some(name) => format!("{name} <{}>", m.address),
                None => m.address.clone(),
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut lines = vec!["---------- Forwarded message ----------".to_owned()];
    let from = list(mailboxes(message.from().or_else(|| message.sender()).into_iter()));
    let fields = [
        ("From", from),
        ("Date", message.date().and_then(utc).unwrap_or_default()),
        ("Subject", message.subject().and_then(one_line).unwrap_or_default()),
        ("To", list(mailboxes(message.all_to()))),
        ("Cc", list(mailboxes(message.all_cc()))),
    ];
    lines.extend(fields.into_iter().filter(|(_, v)| !v.is_empty()).map(|(k, v)| format!("{k}: {v}")));
    lines.join("\n")
}

/// A part that is not the body, as an attachment.
fn attachment(message: &Message<'_>, part: &MessagePart<'_>) -> EmailAttachment {
    let content_type = match part.content_type() {
        Some(ct) => match ct.subtype() {
            Some(sub) => format!("{}/{}", ct.ctype(), sub).to_ascii_lowercase(),
            None => ct.ctype().to_ascii_lowercase(),
        },
        None if part.is_text() => "text/plain".to_owned(),
        None => "application/octet-stream".to_owned(),
    };
    let bytes = match &part.body {
        // mail-parser converted text to UTF-8; the file is the bytes the sender attached.
        PartType::Text(_) | PartType::Html(_) => {
            sent_bytes(message, part).unwrap_or_else(|| part.contents().to_vec())
        }
        _ => part.contents().to_vec(),
    };
    let inline = content_type.starts_with("image/")
        && part.content_disposition().map_or(part.content_id().is_some(), |d| d.is_inline());
    EmailAttachment {
        name: attachment_name(given_name(part), &content_type),
        content_type,
        size: bytes.len() as u64,
        inline,
        bytes,
    }
}

/// The file name a part gives: Content-Disposition's filename, else Content-Type's name. When a
/// name comes twice, an ASCII stand-in and its RFC 2231 original (as Fieldbook's own statement
/// drafts and many webmails send it), the one with non-ASCII characters is the original.
fn given_name<'a>(part: &'a MessagePart<'_>) -> Option<&'a str> {
    fn pick<'a>(field: Option<&'a ContentType<'_>>, attribute: &str) -> Option<&'a str> {
        let mut values =
            field?.attributes()?.iter().filter(|a| a.name == attribute).map(|a| a.value.as_ref());
        let first = values.next()?;
        Some(if first.is_ascii() { values.find(|v| !v.is_ascii()).unwrap_or(first) } else { first })
    }
    pick(part.content_disposition(), "filename").or_else(|| pick(part.content_type(), "name"))
}

/// The sender's file name without folders (some mail programs send "C:\Users\…\x.pdf") as a
/// label, or "attachment" with an extension for the type.
fn attachment_name(given: Option<&str>, content_type: &str) -> String {
    let name = given
        .and_then(|n| n.rsplit(['/', '\\']).next())
        .filter(|n| n.chars().any(|c| !c.is_control() && !c.is_whitespace() && c != '.'))
        .map(crate::files::label);
    match name {
        Some(name) => name,
        None => {
            let ext = match content_type {
                "application/pdf" => ".pdf",
                "image/png" => ".png",
                "image/jpeg" => ".jpg",
                "image/gif" => ".gif",
                "text/plain" => ".txt",
                "text/html" => ".html",
                "text/calendar" => ".ics",
                "message/rfc822" => ".eml",
                _ => "",
            };
            format!("attachment{ext}")
        }
    }
}
