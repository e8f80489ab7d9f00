//! Reading email files (.eml) as the mail programs customers use write them: each fixture in
//! tests/fixtures/email/ is checked for what the activity stream shows (who, to whom, when in UTC,
//! subject, body as plain text, the files with their exact bytes), then the files that must be
//! refused with a sentence.

mod common;

use common::assert_invalid;
use fieldbook_core::email::{EmailAttachment, MAX_EMAIL_BYTES, Mailbox, ParsedEmail, parse_eml};

fn mailbox(name: Option<&str>, address: &str) -> Mailbox {
    Mailbox { name: name.map(str::to_owned), address: address.to_owned() }
}

fn parse(bytes: &[u8]) -> ParsedEmail {
    let email = parse_eml(bytes).unwrap();
    assert_plain_text(&email.body);
    email
}

/// No markup, entities or carriage returns left in a body.
fn assert_plain_text(body: &str) {
    for markup in [
        "<html",
        "<head",
        "<body",
        "<div",
        "<p>",
        "<p ",
        "</",
        "<br",
        "<b>",
        "<ul",
        "<li",
        "<a ",
        "<img",
        "<style",
        "<script",
        "<o:p",
        "<!--",
        "&nbsp;",
        "&amp;",
        "&lt;",
        "&gt;",
        "&#",
        "MsoNormal",
        "\r",
    ] {
        assert!(!body.contains(markup), "{markup:?} left in the body:\n{body}");
    }
}

/// (name, media type, inline, bytes) of each attachment.
fn files(email: &ParsedEmail) -> Vec<(&str, &str, bool, &[u8])> {
    for a in &email.attachments {
        assert_eq!(a.size, a.bytes.len() as u64, "{a:?}");
    }
    email
        .attachments
        .iter()
        .map(|a| (a.name.as_str(), a.content_type.as_str(), a.inline, a.bytes.as_slice()))
        .collect()
}

/// A message written in the test, with "\r\n" line ends as sent.
fn eml(text: &str) -> Vec<u8> {
    text.replace("\r\n", "\n").replace('\n', "\r\n").into_bytes()
}

mod mail_programs {
    use super::*;

    #[test]
    fn outlook_reads_the_windows_1252_plain_text_and_keeps_the_logo_and_the_price_list_as_sent() {
        let email = parse(include_bytes!("fixtures/email/outlook.eml"));
        assert_eq!(email.from, Some(mailbox(Some("Müller, Jörg"), "j.mueller@mueller-soehne.example")));
        assert_eq!(
            email.to,
            [
                mailbox(Some("Ann Lee"), "ann@fieldbook.example"),
                mailbox(Some("Support"), "support@fieldbook.example")
            ]
        );
        assert_eq!(email.cc, [mailbox(Some("Bob Stone"), "bob.stone@mueller-soehne.example")]);
        assert_eq!(email.date.as_deref(), Some("2026-11-23T14:05:31Z"));
        assert_eq!(email.subject.as_deref(), Some("Angebot für Wartungsvertrag – Server Raum 2"));
        assert_eq!(
            email.message_id.as_deref(),
            Some("AM9PR08MB67894E1C2B7D5F0A9C3E8B21D9A42@AM9PR08MB6789.eurprd08.prod.outlook.com")
        );
        assert!(!email.body_was_html, "the text/plain alternative is preferred");
        assert!(email.body.starts_with(
            "Hallo Frau Lee,\n\nanbei wie besprochen unser Angebot für den Wartungsvertrag „Server Raum 2“.\n"
        ));
        assert!(email.body.ends_with("Mit freundlichen Grüßen\nJörg Müller\nMüller & Söhne GmbH"));
        assert_eq!(
            files(&email),
            [
                ("image001.png", "image/png", true, &include_bytes!("fixtures/email/outlook-logo.png")[..]),
                // The CSV keeps its Windows-1252 bytes (0x80 is €): the file as the sender attached it.
                (
                    "Preisliste 2027.csv",
                    "text/csv",
                    false,
                    &include_bytes!("fixtures/email/outlook-prices.csv")[..]
                ),
            ]
        );
        assert!(email.attachments[1].bytes.contains(&0x80));
    }

    #[test]
    fn thunderbird_flowed_text_is_rejoined_and_the_rfc_2231_file_name_decoded() {
        let email = parse(include_bytes!("fixtures/email/thunderbird.eml"));
        assert_eq!(email.from, Some(mailbox(Some("Kateřina Nováková"), "katerina@northwind.example")));
        assert_eq!(email.to, [mailbox(Some("Ann Lee"), "ann@fieldbook.example")]);
        assert_eq!(email.cc, [mailbox(None, "accounts@northwind.example")]);
        assert_eq!(email.date.as_deref(), Some("2026-11-28T17:42:07Z"), "18:42:07 +0100");
        assert_eq!(email.subject.as_deref(), Some("Signed service report for the Leeds site"));
        assert_eq!(
            email.message_id.as_deref(),
            Some("5f0c2a7e-1b3d-4c9a-9e2f-7a1b2c3d4e5f@northwind.example")
        );
        assert!(email.body.contains(
            "I have attached the signed service report; the new UPS in the server room works fine and the \
             technician's notes are on page 2.\n"
        ));
        assert!(email.body.contains(
            "\n> Could you send me the signed report when you have it? We need it for the insurance.\n>\n> Ann\n"
        ));
        assert!(email.body.ends_with("\n--\nKateřina Nováková\nNorthwind Ltd · Leeds"), "{}", email.body);
        assert_eq!(
            files(&email),
            [(
                "Servisní zpráva – Leeds, listopad 2026.pdf",
                "application/pdf",
                false,
                &include_bytes!("fixtures/email/thunderbird-report.pdf")[..]
            )]
        );
    }

    #[test]
    fn apple_mail_alternative_inside_mixed_gives_the_us_ascii_text_and_the_photo_as_an_inline_file() {
        let email = parse(include_bytes!("fixtures/email/apple-mail.eml"));
        assert_eq!(email.from, Some(mailbox(Some("Dave Okafor"), "dave@okafor-dental.example")));
        assert_eq!(email.to, [mailbox(None, "support@fieldbook.example")]);
        assert!(email.cc.is_empty());
        assert_eq!(email.date.as_deref(), Some("2026-11-27T13:31:55Z"), "08:31:55 -0500");
        assert_eq!(email.subject.as_deref(), Some("Printer in reception again"));
        assert!(!email.body_was_html);
        assert_eq!(
            email.body,
            "Hi,\n\nthe printer in reception shows the \"E-05 paper jam\" error again, photo attached.\n\
             We cleared the tray twice this morning.\n\nCan someone come by on Monday?\n\nDave"
        );
        assert_eq!(
            files(&email),
            [(
                "IMG_0412.jpeg",
                "image/jpeg",
                true,
                &include_bytes!("fixtures/email/apple-mail-photo.jpeg")[..]
            )]
        );
    }

    #[test]
    fn gmail_takeout_html_only_message_becomes_text_with_its_encoded_subject_decoded() {
        // Cut from a Takeout mbox: it starts with the mbox "From " line and X-Gmail-Labels.
        let email = parse(include_bytes!("fixtures/email/gmail-takeout.eml"));
        assert_eq!(email.from, Some(mailbox(Some("Sofía García"), "sofia.garcia@gmail.example")));
        assert_eq!(email.to, [mailbox(Some("Ann Lee"), "ann@fieldbook.example")]);
        assert_eq!(
            email.cc,
            [
                mailbox(Some("Jürgen Weiß"), "juergen@cafe-ole.example"),
                mailbox(Some("Ole, Cafe"), "info@cafe-ole.example")
            ]
        );
        assert_eq!(email.date.as_deref(), Some("2026-11-29T10:15:00Z"));
        assert_eq!(email.subject.as_deref(), Some("Café Olé: neues WLAN-Passwort bis Freitag? ✔"));
        assert!(email.body_was_html);
        assert!(email.body.starts_with(
            "Hola Ann,\n\ncould you change the Wi-Fi password at the Café Olé shop before Friday? The old one \
             was on a sticky note & half the street knows it.\n"
        ));
        assert!(email.body.contains("SSID: CafeOle-Staff\n"));
        assert!(email.body.contains("Details are in the ticket <#4711>.\n\nGracias,\nSofía\n"));
        assert!(email.body.contains("> Tell me when it suits you."), "the quote stays a quote");
        assert!(email.attachments.is_empty());
    }

    #[test]
    fn iso_2022_jp_text_and_headers_decode_exactly() {
        let email = parse(include_bytes!("fixtures/email/iso-2022-jp.eml"));
        assert_eq!(email.from, Some(mailbox(Some("山田 太郎"), "taro.yamada@yamada-shoji.example")));
        assert_eq!(email.to, [mailbox(None, "ann@fieldbook.example")]);
        assert_eq!(email.subject.as_deref(), Some("見積書の件（サーバー保守）"));
        assert_eq!(
            email.date.as_deref(),
            Some("2026-11-24T00:30:00Z"),
            "09:30 +0900 is the day before in UTC"
        );
        assert_eq!(
            email.body,
            "リー様\n\nいつもお世話になっております。\nサーバー保守の見積書をお送りします。\n\
             ご確認のほど、よろしくお願いいたします。\n\n山田 太郎"
        );
    }

    #[test]
    fn a_forwarded_message_follows_the_body_and_its_files_join_the_list() {
        let email = parse(include_bytes!("fixtures/email/forwarded.eml"));
        assert_eq!(email.from, Some(mailbox(Some("Maria Rossi"), "maria@rossi-partners.example")));
        assert_eq!(email.subject.as_deref(), Some("Fwd: Your invoice 2026-118 is overdue"));
        assert_eq!(email.date.as_deref(), Some("2026-11-30T09:02:44Z"));
        assert_eq!(
            email.body,
            "Ann, is this ours? I thought you moved us off Contoso in October.\n\nMaria\n\n\
             ---------- Forwarded message ----------\n\
             From: Contoso Hosting Billing <billing@contoso-hosting.example>\n\
             Date: 2026-11-20T15:45:12Z\n\
             Subject: Your invoice 2026-118 is overdue\n\
             To: Maria Rossi <maria@rossi-partners.example>\n\n\
             Dear customer,\n\n\
             your invoice 2026-118 (£ 240.00) is now 14 days overdue. Please pay by 30 November to avoid \
             suspension of the service."
        );
        assert_eq!(
            files(&email),
            [(
                "invoice-2026-118.pdf",
                "application/pdf",
                false,
                &include_bytes!("fixtures/email/forwarded-invoice.pdf")[..]
            )]
        );
    }
}

mod round_trip {
    use super::*;

    #[test]
    fn fieldbooks_own_statement_drafts_read_back() {
        let pdf = include_bytes!("fixtures/email/forwarded-invoice.pdf");
        let draft = fieldbook_core::statements::email::draft(
            "Acme, Inc.",
            "billing@acme.example",
            Some("Ann Lee <ann@fieldbook.example>"),
            "Statement – November 2026",
            "Dear Acme,\nplease find your statement attached.\n",
            "Statement Acme – 2026-11.pdf",
            pdf,
        );
        let email = parse(&draft);
        assert_eq!(email.from, Some(mailbox(Some("Ann Lee"), "ann@fieldbook.example")));
        assert_eq!(email.to, [mailbox(Some("Acme, Inc."), "billing@acme.example")]);
        assert_eq!(email.subject.as_deref(), Some("Statement – November 2026"));
        assert_eq!(email.date, None);
        assert_eq!(email.body, "Dear Acme,\nplease find your statement attached.");
        assert_eq!(files(&email), [("Statement Acme – 2026-11.pdf", "application/pdf", false, &pdf[..])]);
    }
}

mod charsets {
    use super::*;

    #[test]
    fn unknown_charset_bytes_that_are_not_utf8_are_read_as_windows_1252() {
        // mutt's "unknown-8bit" over Latin-1 text.
        let email = parse(include_bytes!("fixtures/email/unknown-charset.eml"));
        assert_eq!(email.from, Some(mailbox(Some("Hans Becker"), "hans@becker-elektro.example")));
        assert_eq!(email.date.as_deref(), Some("2026-11-25T15:20:00Z"));
        assert_eq!(
            email.body,
            "Grüße aus Köln, der Termin am Montag um 9:00 passt. Kostenvoranschlag: 480,00 €.\n\nHans"
        );
    }

    #[test]
    fn unknown_or_missing_charset_keeps_valid_utf8_and_base64_is_undone_first() {
        let utf8 = eml(
            "From: a@example.com\nSubject: x\nContent-Type: text/plain; charset=x-klingon\n\nSchöne Grüße ✔\n",
        );
        assert_eq!(parse(&utf8).body, "Schöne Grüße ✔");
        let mut latin1 = eml(
            "From: a@example.com\nSubject: x\nContent-Type: text/plain\nContent-Transfer-Encoding: 8bit\n\n",
        );
        latin1.extend_from_slice(b"K\xf6ln\r\n");
        assert_eq!(parse(&latin1).body, "Köln");
        // "Köln – 5 €" in Windows-1252, base64 encoded, charset misspelt.
        let encoded =
            eml("From: a@example.com\nSubject: x\nContent-Type: text/plain; charset=\"windows 1252\"\n\
             Content-Transfer-Encoding: base64\n\nS/ZsbiCWIDUggA==\n");
        assert_eq!(parse(&encoded).body, "Köln – 5 €");
    }

    #[test]
    fn inside_a_forwarded_message_too_unknown_charsets_are_read_and_text_files_keep_their_bytes() {
        let mut bytes =
            eml("From: a@example.com\nSubject: Fwd: x\nContent-Type: multipart/mixed; boundary=outer\n\n\
             --outer\nContent-Type: text/plain\n\nSee below.\n\
             --outer\nContent-Type: message/rfc822\n\n\
             From: b@example.com\nSubject: x\nContent-Type: multipart/mixed; boundary=inner\n\n\
             --inner\nContent-Type: text/plain; charset=unknown-8bit\nContent-Transfer-Encoding: 8bit\n\n");
        bytes.extend_from_slice(b"Gr\xfc\xdfe aus K\xf6ln\r\n");
        bytes.extend(eml(
            "--inner\nContent-Type: text/plain; charset=iso-8859-1; name=notes.txt\n\
             Content-Disposition: attachment; filename=notes.txt\nContent-Transfer-Encoding: quoted-printable\n\n\
             Gr=FC=DFe\n--inner--\n\n--outer--\n",
        ));
        let email = parse(&bytes);
        assert!(email.body.starts_with("See below.\n\n---------- Forwarded message ----------\n"));
        assert!(email.body.ends_with("\n\nGrüße aus Köln"), "{}", email.body);
        assert_eq!(files(&email), [("notes.txt", "text/plain", false, &b"Gr\xfc\xdfe"[..])]);
    }

    #[test]
    fn an_encoded_word_in_an_unknown_charset_gives_text_not_a_failure() {
        let email = parse(&eml(
            "From: =?x-unknown?Q?J=F6rg?= <j@example.com>\nSubject: =?x-unknown?B?R3L832Vu?=\n\nHallo\n",
        ));
        assert_eq!(email.from.map(|m| m.address).as_deref(), Some("j@example.com"));
        let subject = email.subject.unwrap_or_default();
        assert!(!subject.is_empty() && !subject.chars().any(char::is_control), "{subject:?}");
        assert_eq!(email.body, "Hallo");
    }
}

mod html {
    use super::*;

    #[test]
    fn outlook_html_drops_conditional_comments_styles_and_office_tags_and_keeps_its_lines() {
        let mut bytes =
            eml("From: j@example.com\nSubject: x\nContent-Type: text/html; charset=\"Windows-1252\"\n\
             Content-Transfer-Encoding: 8bit\n\n");
        let html = r#"<html xmlns:o="urn:schemas-microsoft-com:office:office"><head>
<meta http-equiv="Content-Type" content="text/html; charset=Windows-1252">
<!--[if !mso]><style>v\:* {behavior:url(#default#VML);}</style><![endif]--><style><!--
p.MsoNormal {margin:0cm; font-family:"Calibri",sans-serif;}
--></style></head>
<body lang="DE"><div class="WordSection1">
<p class="MsoNormal">Hallo Frau Lee,<o:p></o:p></p>
<p class="MsoNormal"><o:p>&nbsp;</o:p></p>
<p class="MsoNormal">die Rechnung über 1.250,00&nbsp;€ ist bezahlt.<br clear="all">Danke!<o:p></o:p></p>
<table class="MsoNormalTable"><tr><td><p class="MsoNormal">Jörg Müller<o:p></o:p></p></td></tr></table>
<table><tr><td>Tel.</td><td>+49 221 555 0100</td></tr><tr><td>Mobil</td><td>+49 171 555 0199</td></tr></table>
</div></body></html>"#;
        bytes.extend(encoding_rs::WINDOWS_1252.encode(html).0.iter());
        let email = parse(&bytes);
        assert!(email.body_was_html);
        assert_eq!(
            email.body,
            "Hallo Frau Lee,\n\ndie Rechnung über 1.250,00 € ist bezahlt.\nDanke!\n\nJörg Müller\n\n\
             Tel.  +49 221 555 0100\nMobil +49 171 555 0199"
        );
    }

    #[test]
    fn scripts_styles_and_entities_never_reach_the_text() {
        let email =
            parse(&eml("From: news@example.com\nSubject: News\nContent-Type: text/html; charset=utf-8\n\n\
             <html><head><title>Ignored title</title></head><body>\n\
             <style type=\"text/css\">.x { color: red }</style>\n\
             <script type=\"text/javascript\">alert('x')</script>\n\
             <h1>Price &amp; service</h1><p>Fish &lt;3 chips &#8211; &euro;5 &#x2713;</p>\n\
             <noscript>no</noscript><img src=\"https://tracker.example/p.gif\" width=1 height=1>\n\
             </body></html>\n"));
        assert!(!email.body.contains("color"), "{}", email.body);
        assert!(!email.body.contains("alert"), "{}", email.body);
        assert!(!email.body.contains("Ignored title"), "{}", email.body);
        assert!(email.body.contains("Price & service"), "{}", email.body);
        assert!(email.body.contains("Fish <3 chips – €5 ✓"), "{}", email.body);
    }

    #[test]
    fn deeply_nested_html_is_read_quickly_by_the_simple_converter() {
        let mut text = "From: a@example.com\nSubject: x\nContent-Type: text/html\n\n".to_owned();
        text.push_str(&"<div>".repeat(20_000));
        text.push_str("deep <b>text</b> &amp; more");
        text.push_str(&"</div>".repeat(20_000));
        let started = std::time::Instant::now();
        let email = parse(&eml(&text));
        assert!(started.elapsed() < std::time::Duration::from_secs(5), "{:?}", started.elapsed());
        assert_eq!(email.body, "deep text & more");
    }

    #[test]
    fn a_blank_plain_text_alternative_gives_way_to_the_html() {
        let email = parse(&eml(
            "From: a@example.com\nSubject: x\nContent-Type: multipart/alternative; boundary=b\n\n\
             --b\nContent-Type: text/plain\n\n \n--b\nContent-Type: text/html\n\n<p>Real text</p>\n--b--\n",
        ));
        assert_eq!(email.body, "Real text");
        assert!(email.body_was_html);
    }
}

mod headers_and_files {
    use super::*;

    #[test]
    fn dates_are_utc_and_impossible_or_missing_ones_are_none() {
        let date = |value: &str| parse(&eml(&format!("From: a@example.com\nDate: {value}\n\nx\n"))).date;
        assert_eq!(date("Tue, 1 Dec 2026 00:30:00 +0100").as_deref(), Some("2026-11-30T23:30:00Z"));
        assert_eq!(date("Thu, 31 Dec 2026 22:00:00 -0330").as_deref(), Some("2027-01-01T01:30:00Z"));
        assert_eq!(date("Mon, 30 Feb 2026 10:00:00 +0000"), None);
        assert_eq!(date("next Tuesday"), None);
        assert_eq!(parse(&eml("From: a@example.com\n\nx\n")).date, None);
    }

    #[test]
    fn groups_are_flattened_and_entries_without_an_address_dropped() {
        let email = parse(&eml(
            "From: a@example.com\nTo: Team: Ann <ann@example.com>, bob@example.com;, undisclosed-recipients:;\n\
             Cc: \"ann@example.com\" <ann@example.com>\n\nx\n",
        ));
        assert_eq!(email.to, [mailbox(Some("Ann"), "ann@example.com"), mailbox(None, "bob@example.com")]);
        assert_eq!(email.cc, [mailbox(None, "ann@example.com")], "a name that is the address is no name");
    }

    #[test]
    fn attachment_names_lose_folders_and_control_characters_and_unnamed_files_get_one() {
        let part = |disposition: &str, ctype: &str| {
            format!("--b\nContent-Type: {ctype}\n{disposition}Content-Transfer-Encoding: base64\n\nSGk=\n")
        };
        let text = format!(
            "From: a@example.com\nSubject: x\nContent-Type: multipart/mixed; boundary=b\n\n\
             --b\nContent-Type: text/plain\n\nSee attached.\n{}{}{}{}--b--\n",
            part(
                "Content-Disposition: attachment; filename=\"C:\\\\Users\\\\ann\\\\..\\\\report.pdf\"\n",
                "application/pdf"
            ),
            part("Content-Disposition: attachment; filename=\"../../etc/passwd\"\n", "text/plain"),
            part("Content-Disposition: attachment; filename*=UTF-8''a%07b%0A.pdf\n", "application/pdf"),
            part("", "application/pdf"),
        );
        let email = parse(&eml(&text));
        assert_eq!(email.body, "See attached.");
        let names: Vec<&str> = email.attachments.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(names, ["report.pdf", "passwd", "ab.pdf", "attachment.pdf"]);
        assert!(email.attachments.iter().all(|a| a.bytes == b"Hi"));
    }

    #[test]
    fn only_images_shown_in_the_message_are_inline() {
        let email = parse(&eml(
            "From: a@example.com\nSubject: x\nContent-Type: multipart/related; boundary=b\n\n\
             --b\nContent-Type: text/html\n\n<p>Logo: <img src=\"cid:logo@x\"></p>\n\
             --b\nContent-Type: image/png; name=logo.png\nContent-ID: <logo@x>\nContent-Transfer-Encoding: base64\n\nSGk=\n\
             --b\nContent-Type: image/png\nContent-Disposition: attachment; filename=photo.png\n\
             Content-Transfer-Encoding: base64\n\nSGk=\n\
             --b\nContent-Type: application/pdf\nContent-Disposition: inline; filename=quote.pdf\n\
             Content-Transfer-Encoding: base64\n\nSGk=\n--b--\n",
        ));
        assert_eq!(email.body, "Logo:", "an image without alt text leaves nothing");
        let inline: Vec<(&str, bool)> =
            email.attachments.iter().map(|a| (a.name.as_str(), a.inline)).collect();
        assert_eq!(inline, [("logo.png", true), ("photo.png", false), ("quote.pdf", false)]);
    }

    #[test]
    fn serialised_for_the_ui_attachments_carry_their_size_not_their_bytes() {
        let email = parse(include_bytes!("fixtures/email/thunderbird.eml"));
        let json = serde_json::to_value(&email).unwrap();
        let attachment = &json["attachments"][0];
        assert_eq!(attachment["size"], 616);
        assert_eq!(attachment["inline"], false);
        assert!(attachment.get("bytes").is_none(), "{attachment}");
        assert_eq!(json["from"]["name"], "Kateřina Nováková");
        let debug = format!("{:?}", email.attachments[0]);
        assert!(!debug.contains("37, 80, 68, 70"), "no bytes in Debug output: {debug}");
        let _: &EmailAttachment = &email.attachments[0];
    }
}

mod refused {
    use super::*;

    #[test]
    fn an_empty_file() {
        assert_invalid(parse_eml(b""), "file", "empty");
        assert_invalid(parse_eml(b"\r\n \n\t"), "file", "empty");
    }

    #[test]
    fn a_file_over_the_limit_before_reading_it() {
        let mut big = eml("From: a@example.com\nSubject: x\n\n");
        big.resize(MAX_EMAIL_BYTES + 1, b'x');
        assert_invalid(parse_eml(&big), "file", "larger than 50 MiB");
    }

    #[test]
    fn files_that_are_not_emails() {
        let pdf = include_bytes!("fixtures/email/thunderbird-report.pdf");
        let outlook_msg =
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0>\0\x03\0\xfe\xff";
        let letter = b"Dear Ann,\nthe printer is fixed.\nSubject: nothing\nFrom: Bob\n";
        let note = b"Note: call back on Monday\n\nThanks";
        let html = b"<html><body>From: a@example.com</body></html>";
        let bom_json = b"\xef\xbb\xbf{\"from\": \"a@example.com\", \"subject\": \"x\"}";
        for bytes in [&pdf[..], outlook_msg, letter, note, html, bom_json] {
            assert_invalid(parse_eml(bytes), "file", "not an email");
        }
    }

    #[test]
    fn messages_nested_beyond_the_limit_even_when_base64_hides_them() {
        let mut chain = String::new();
        for _ in 0..60 {
            chain.push_str("Subject: x\r\nContent-Type: message/rfc822\r\n\r\n");
        }
        chain.push_str("Subject: y\r\n\r\nbody\r\n");
        assert_invalid(parse_eml(chain.as_bytes()), "file", "more than 50 forwarded messages");
        let hidden = format!(
            "Subject: o\r\nContent-Type: message/rfc822\r\nContent-Transfer-Encoding: base64\r\n\r\n{}\r\n",
            base64(chain.as_bytes())
        );
        assert_invalid(parse_eml(hidden.as_bytes()), "file", "more than 50 forwarded messages");
        let inside_a_forward = format!("Subject: outer\r\nContent-Type: message/rfc822\r\n\r\n{hidden}");
        assert_invalid(parse_eml(inside_a_forward.as_bytes()), "file", "more than 50 forwarded messages");
        let forty = format!(
            "Subject: o\r\nContent-Type: message/rfc822\r\nContent-Transfer-Encoding: base64\r\n\r\n{}\r\n",
            base64(chain.replacen("Subject: x\r\nContent-Type: message/rfc822\r\n\r\n", "", 20).as_bytes())
        );
        assert!(parse_eml(forty.as_bytes()).is_ok(), "40 inside one another are still read");
    }

    fn base64(data: &[u8]) -> String {
        const DIGITS: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let mut out = String::new();
        for chunk in data.chunks(3) {
            let n = chunk.iter().enumerate().fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
            for i in 0..4 {
                out.push(if i <= chunk.len() {
                    DIGITS[(n >> (18 - 6 * i)) as usize & 63] as char
                } else {
                    '='
                });
            }
        }
        out
    }
}
