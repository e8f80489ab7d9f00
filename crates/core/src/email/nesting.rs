//! Limits on how deeply messages nest inside an email, checked before mail-parser builds them.

use mail_parser::parsers::MessageStream;
use mail_parser::{HeaderName, Message, MessageParser, MimeHeaders, PartType};

/// Message parts (forwarded messages, digests) declared in one layer of a file, at most. Mail-parser
/// nests them as values it frees recursively: thousands inside one another would overflow the
/// stack, an abort no caller can catch. Real mail forwards a handful.
pub(super) const MAX_MESSAGE_PARTS: usize = 50;

/// Layers of base64 or quoted-printable message parts mail-parser opens (its MAX_NESTED_ENCODED).
const ENCODED_LAYERS: usize = 3;

/// Whether the message parts mail-parser would build stay within [`MAX_MESSAGE_PARTS`] per
/// layer: counted in the bytes, then inside each base64 or quoted-printable message part, whose
/// contents only decoding shows (mail-parser decodes [`ENCODED_LAYERS`] layers of them).
pub(super) fn nesting_within_limits(bytes: &[u8], layer: usize) -> bool {
    let declared = message_parts_declared(bytes);
    if declared > MAX_MESSAGE_PARTS {
        return false;
    }
    if declared == 0 || layer >= ENCODED_LAYERS {
        return true;
    }
    // A parse that undoes no transfer encoding: only the message parts counted above can nest.
    let probe = MessageParser::new().with_mime_headers().ignore_header(HeaderName::ContentTransferEncoding);
    let Some(message) = probe.parse(bytes) else { return true };
    let mut encoded = Vec::new();
    encoded_message_parts(&message, &mut encoded);
    encoded.iter().all(|inner| nesting_within_limits(inner, layer + 1))
}

/// The decoded contents of the base64 or quoted-printable message parts of `message` and of the
/// messages inside it (at most [`MAX_MESSAGE_PARTS`] deep, checked before).
fn encoded_message_parts(message: &Message<'_>, out: &mut Vec<Vec<u8>>) {
    for part in &message.parts {
        if let PartType::Message(inner) = &part.body {
            encoded_message_parts(inner, out);
        }
        if !part.content_type().is_some_and(|ct| ct.ctype().eq_ignore_ascii_case("message")) {
            continue;
        }
        // The whole buffer the offsets count in (`raw_message()` is a slice of it).
        let raw = &message.raw_message[..];
        let Some(cte) = part
            .headers
            .iter()
            .find(|h| h.name == HeaderName::ContentTransferEncoding)
            .and_then(|h| raw.get(h.offset_start as usize..h.offset_end as usize))
        else {
            continue;
        };
        let Some(body) = raw.get(part.offset_body as usize..part.offset_end as usize) else { continue };
        let mut stream = MessageStream::new(body);
        let (end, decoded) = if contains_ignore_case(cte, b"base64") {
            stream.decode_base64_mime(b"")
        } else if contains_ignore_case(cte, b"quoted-printable") {
            stream.decode_quoted_printable_mime(b"")
        } else {
            continue;
        };
        if end != usize::MAX {
            out.push(decoded.into_owned());
        }
    }
}

/// How many Content-Type fields in `bytes` may declare a message part: those whose value
/// mentions "message" or "digest" (digest parts are messages by default). Counting too many is
/// harmless; the field name is found anywhere, folded values are read to their end.
fn message_parts_declared(bytes: &[u8]) -> usize {
    const NAME: &[u8] = b"content-type";
    let mut count = 0;
    let mut at = 0;
    while let Some(found) = find_ignore_case(&bytes[at..], NAME) {
        let start = at + found + NAME.len();
        let mut end = start;
        while end < bytes.len() {
            if bytes[end] == b'\n' && !matches!(bytes.get(end + 1), Some(b' ' | b'\t')) {
                break;
            }
            end += 1;
        }
        let value = &bytes[start..end];
        if contains_ignore_case(value, b"message") || contains_ignore_case(value, b"digest") {
            count += 1;
        }
        at = end;
    }
    count
}

fn find_ignore_case(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w.eq_ignore_ascii_case(needle))
}

fn contains_ignore_case(haystack: &[u8], needle: &[u8]) -> bool {
    find_ignore_case(haystack, needle).is_some()
}
