//! Fuzzing the email reader with proptest: random bytes, header-shaped text and the fixtures of
//! tests/fixtures/email/ cut, spliced and bit-flipped never panic, and always end in an email
//! whose parts keep their promises or in a sentence about the file. Bounded: FIELDBOOK_FUZZ_CASES
//! cases per property (default 300).

use fieldbook_core::Error;
use fieldbook_core::email::{ParsedEmail, parse_eml};
use proptest::prelude::*;

fn cases() -> u32 {
    std::env::var("FIELDBOOK_FUZZ_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(300)
}

const FIXTURES: &[&[u8]] = &[
    include_bytes!("fixtures/email/outlook.eml"),
    include_bytes!("fixtures/email/thunderbird.eml"),
    include_bytes!("fixtures/email/apple-mail.eml"),
    include_bytes!("fixtures/email/gmail-takeout.eml"),
    include_bytes!("fixtures/email/iso-2022-jp.eml"),
    include_bytes!("fixtures/email/unknown-charset.eml"),
    include_bytes!("fixtures/email/forwarded.eml"),
];

/// Reads `bytes`; checks what an email or a refusal promises.
fn check(bytes: &[u8]) {
    match parse_eml(bytes) {
        Ok(email) => check_email(&email),
        Err(Error::Invalid { field, message }) => {
            assert_eq!(field, "file");
            assert!(!message.is_empty());
        }
        Err(other) => panic!("not a refusal: {other:?}"),
    }
}

fn check_email(email: &ParsedEmail) {
    assert!(!email.body.contains('\r'));
    if let Some(date) = &email.date {
        let b = date.as_bytes();
        assert!(b.len() == 20 && b[4] == b'-' && b[10] == b'T' && b[19] == b'Z', "{date}");
    }
    let one_line = |s: &str| !s.is_empty() && s.trim() == s && !s.chars().any(char::is_control);
    for m in email.from.iter().chain(&email.to).chain(&email.cc) {
        assert!(one_line(&m.address), "{m:?}");
        assert!(m.name.as_deref().is_none_or(one_line), "{m:?}");
    }
    assert!(email.subject.as_deref().is_none_or(one_line));
    for a in &email.attachments {
        assert_eq!(a.size, a.bytes.len() as u64);
        assert!(one_line(&a.name) && !a.name.contains(['/', '\\']), "{a:?}");
        assert!(!a.content_type.is_empty());
    }
}

/// A fixture with a few bytes changed, cut or repeated.
fn mutated() -> impl Strategy<Value = Vec<u8>> {
    (0..FIXTURES.len(), proptest::collection::vec((any::<u16>(), any::<u8>(), 0u8..4), 1..12)).prop_map(
        |(i, edits)| {
            let mut bytes = FIXTURES[i].to_vec();
            for (at, byte, kind) in edits {
                if bytes.is_empty() {
                    break;
                }
                let at = usize::from(at) % bytes.len();
                match kind {
                    0 => bytes[at] ^= byte | 1,
                    1 => bytes.insert(at, byte),
                    2 => bytes.truncate(at.max(1)),
                    _ => {
                        let end = (at + usize::from(byte)).min(bytes.len());
                        let copy = bytes[at..end].to_vec();
                        bytes.splice(at..at, copy);
                    }
                }
            }
            bytes
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        check(&bytes);
    }

    #[test]
    fn header_shaped_text_never_panics(
        text in "((From|To|Cc|Date|Subject|Content-Type|Content-Transfer-Encoding|Content-Disposition): \
                 [ -~\u{e9}\u{20ac}]{0,40}\r?\n){1,6}\r?\n[ -~\r\n<>&;=\u{e9}]{0,300}"
    ) {
        check(text.as_bytes());
    }

    #[test]
    fn mutated_fixtures_never_panic(bytes in mutated()) {
        check(&bytes);
    }
}

#[test]
fn every_fixture_keeps_the_promises() {
    for bytes in FIXTURES {
        check_email(&parse_eml(bytes).unwrap());
    }
}
