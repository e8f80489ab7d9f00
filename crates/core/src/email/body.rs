//! Body parts as plain text: charsets mail-parser could not name, format=flowed, HTML.

use mail_parser::decoders::charsets::map::charset_decoder;
use mail_parser::parsers::MessageStream;
use mail_parser::{Encoding, Message, MessagePart, MimeHeaders};

/// HTML is laid out this wide: wide enough that html2text never wraps a paragraph.
const HTML_WIDTH: usize = 10_000;

/// HTML nested deeper than this (elements open at once, estimated) goes to mail-parser's simple
/// converter: html5ever's tree builder takes quadratic time in the depth (8,000 nested divs, 90
/// KB, take seconds).
const MAX_HTML_DEPTH: usize = 1_000;

/// A text/plain part as text: line ends as "\n", format=flowed lines joined, trailing spaces
/// dropped.
pub(super) fn plain_text(message: &Message<'_>, part: &MessagePart<'_>, text: &str) -> String {
    let text = decoded_text(message, part, text).replace("\r\n", "\n").replace('\r', "\n");
    let content_type = part.content_type();
    let flowed =
        content_type.and_then(|ct| ct.attribute("format")).is_some_and(|f| f.eq_ignore_ascii_case("flowed"));
    let text = if flowed {
        let delsp =
            content_type.and_then(|ct| ct.attribute("delsp")).is_some_and(|d| d.eq_ignore_ascii_case("yes"));
        unflow(&text, delsp)
    } else {
        text
    };
    text.lines().map(str::trim_end).collect::<Vec<_>>().join("\n")
}

/// A text part's text, re-read when its charset is missing or unknown and mail-parser had to
/// replace bytes that were not UTF-8 (U+FFFD): then the bytes are Windows-1252.
pub(super) fn decoded_text(message: &Message<'_>, part: &MessagePart<'_>, text: &str) -> String {
    let known = part
        .content_type()
        .and_then(|ct| ct.attribute("charset"))
        .and_then(|c| charset_decoder(c.as_bytes()));
    if known.is_some() || !text.contains(char::REPLACEMENT_CHARACTER) {
        return text.to_owned();
    }
    match sent_bytes(message, part) {
        Some(bytes) => match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(e) => encoding_rs::WINDOWS_1252.decode_without_bom_handling(e.as_bytes()).0.into_owned(),
        },
        None => text.to_owned(),
    }
}

/// A part's bytes as sent, before any charset conversion: its body in the raw message with only
/// the transfer encoding undone (by mail-parser's own decoders). `None` if that fails.
pub(super) fn sent_bytes(message: &Message<'_>, part: &MessagePart<'_>) -> Option<Vec<u8>> {
    // The offsets count in the whole buffer; `raw_message()` is a slice of it.
    let raw = message.raw_message.get(part.offset_body as usize..part.offset_end as usize)?;
    let mut stream = MessageStream::new(raw);
    let (end, bytes) = match part.encoding {
        Encoding::Base64 => stream.decode_base64_mime(b""),
        Encoding::QuotedPrintable => stream.decode_quoted_printable_mime(b""),
        Encoding::None => return Some(raw.to_vec()),
    };
    (end != usize::MAX).then(|| bytes.into_owned())
}

/// Joins the soft-broken lines of format=flowed text (RFC 3676): a line ending in a space goes
/// on with the next line of the same quote depth; `delsp` drops that space.
fn unflow(text: &str, delsp: bool) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut open: Option<(usize, String)> = None;
    for line in text.split('\n') {
        let depth = line.chars().take_while(|&c| c == '>').count();
        let content = &line[depth..];
        let content = content.strip_prefix(' ').unwrap_or(content);
        let soft = content.ends_with(' ') && content != "-- ";
        let content = if soft && delsp { &content[..content.len() - 1] } else { content };
        match &mut open {
            Some((d, paragraph)) if *d == depth => paragraph.push_str(content),
            _ => {
                if let Some((d, paragraph)) = open.take() {
                    out.push(quoted(d, &paragraph));
                }
                open = Some((depth, content.to_owned()));
            }
        }
        if !soft && let Some((d, paragraph)) = open.take() {
            out.push(quoted(d, &paragraph));
        }
    }
    if let Some((d, paragraph)) = open {
        out.push(quoted(d, &paragraph));
    }
    out.join("\n")
}

fn quoted(depth: usize, text: &str) -> String {
    if depth == 0 { text.to_owned() } else { format!("{} {text}", ">".repeat(depth)) }
}

/// HTML as plain text: blocks and line breaks kept, tags, scripts, styles and comments dropped,
/// entities decoded, no line longer than the text it holds; at most one blank line in a row.
pub(super) fn html_text(html: &str) -> String {
    let simple = || mail_parser::decoders::html::html_to_text(html);
    let text = if html_depth(html) > MAX_HTML_DEPTH {
        simple()
    } else {
        html2text::config::plain_no_decorate()
            .no_table_borders()
            .allow_width_overflow()
            .string_from_read(html.as_bytes(), HTML_WIDTH)
            // html2text reports only layout failures; mail-parser's converter always works.
            .unwrap_or_else(|_| simple())
    };
    let mut out = String::with_capacity(text.len());
    let mut blank = 0;
    for line in text.replace('\u{a0}', " ").lines() {
        let line = line.trim_end();
        if line.is_empty() {
            blank += 1;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank > 0 { "\n\n" } else { "\n" });
        }
        blank = 0;
        out.push_str(line);
    }
    out
}

/// How many elements of `html` are open at once at most, estimated from its tags: every start
/// tag but the void ones opens one, an end tag closes one of its name if one is open. Within a
/// small factor of html5ever's real depth (an end tag it ignores needs a start tag that counts).
fn html_depth(html: &str) -> usize {
    const VOID: &[&str] = &[
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
        "track", "wbr",
    ];
    let mut open: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let (mut depth, mut deepest) = (0usize, 0usize);
    let bytes = html.as_bytes();
    for (i, _) in html.match_indices('<') {
        let closing = bytes.get(i + 1) == Some(&b'/');
        let from = i + 1 + usize::from(closing);
        let len = bytes[from.min(bytes.len())..].iter().take_while(|b| b.is_ascii_alphanumeric()).count();
        if len == 0 || !bytes[from].is_ascii_alphabetic() {
            continue;
        }
        let name = html[from..from + len].to_ascii_lowercase();
        if closing {
            if let Some(n) = open.get_mut(&name).filter(|n| **n > 0) {
                *n -= 1;
                depth -= 1;
            }
        } else if !VOID.contains(&name.as_str()) {
            *open.entry(name).or_default() += 1;
            depth += 1;
            deepest = deepest.max(depth);
        }
    }
    deepest
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flowed_lines_join_within_one_quote_depth_and_delsp_drops_the_joining_space() {
        let text = "One two \nthree.\n> Quoted \n> on.\n>> Deeper \n> back\n-- \nSig";
        assert_eq!(unflow(text, false), "One two three.\n> Quoted on.\n>> Deeper \n> back\n-- \nSig");
        assert_eq!(unflow("Sehr gut ver \nstanden.", true), "Sehr gut verstanden.");
        assert_eq!(unflow(" >not a quote\n", false), ">not a quote\n", "space-stuffed");
    }

    #[test]
    fn html_depth_counts_open_elements_not_void_or_closed_ones() {
        assert_eq!(html_depth("<div><p>a<br>b</p><img src=x></div><div>c</div>"), 2);
        assert_eq!(html_depth(&"<div>".repeat(50)), 50);
        // An end tag closes only an element of its name: stray ones cannot hide nesting.
        assert_eq!(html_depth(&"<span></div>".repeat(30)), 30);
        assert_eq!(html_depth("a < b, <3, </>, <!-- x -->"), 0);
    }
}
