//! Small text rules shared by the areas: trimming optional input, name keys, email shape.

/// Trims `value`; an empty or all-blank string becomes `None`.
pub(crate) fn clean(value: Option<String>) -> Option<String> {
    value.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty())
}

/// Legal-form words ignored when comparing company names ("Acme Ltd" = "ACME, Inc.").
const LEGAL_SUFFIXES: &[&str] = &[
    "inc",
    "incorporated",
    "llc",
    "llp",
    "ltd",
    "limited",
    "gmbh",
    "ag",
    "kg",
    "corp",
    "corporation",
    "co",
    "company",
    "plc",
    "sa",
    "sarl",
    "srl",
    "bv",
    "nv",
    "oy",
    "ab",
    "as",
    "pty",
    "pvt",
    "spa",
];

/// A company name reduced for duplicate detection: lower case, punctuation dropped, words joined
/// by single spaces, trailing legal-form words removed ("Acme, Inc." → "acme").
pub(crate) fn name_key(name: &str) -> String {
    let lowered = name.to_lowercase().replace('&', " and ");
    let mut words: Vec<String> = lowered
        .split(|c: char| c.is_whitespace() || (c.is_ascii_punctuation() && c != '.'))
        .map(|w| w.chars().filter(|c| c.is_alphanumeric()).collect::<String>())
        .filter(|w| !w.is_empty())
        .collect();
    // Keep at least one word: a company called "Limited" is still a company.
    // "& Co. KG" is a legal form too, so a trailing "and" goes with the suffixes.
    while words.len() > 1 && words.last().is_some_and(|w| w == "and" || LEGAL_SUFFIXES.contains(&w.as_str()))
    {
        words.pop();
    }
    words.join(" ")
}

/// Checks the shape of an email address: one `@`, something before it, a dotted domain after it,
/// no spaces. Deliverability is the mail server's business.
pub(crate) fn is_email(value: &str) -> bool {
    let Some((local, domain)) = value.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && !value.chars().any(|c| c.is_whitespace() || c.is_control())
        && domain.split('.').count() >= 2
        && domain.split('.').all(|part| !part.is_empty())
}

/// A calendar date as YYYY-MM-DD.
pub(crate) fn is_date(value: &str) -> bool {
    let parts: Vec<&str> = value.split('-').collect();
    let [y, m, d] = parts[..] else { return false };
    if y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return false;
    }
    let (Ok(y), Ok(m), Ok(d)) = (y.parse::<u32>(), m.parse::<u32>(), d.parse::<u32>()) else { return false };
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&d)
}

/// Escapes `%`, `_` and `\` for a `LIKE … ESCAPE '\'` pattern.
pub(crate) fn escape_like(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_key_ignores_case_punctuation_and_legal_suffixes() {
        assert_eq!(name_key("Acme, Inc."), "acme");
        assert_eq!(name_key("ACME   LLC"), "acme");
        assert_eq!(name_key("Acme GmbH & Co. KG"), "acme");
        assert_eq!(name_key("Müller-Lüdenscheidt GmbH"), "müller lüdenscheidt");
        assert_eq!(name_key("Limited"), "limited");
        assert_eq!(name_key("Smith & Sons Ltd"), "smith and sons");
    }

    #[test]
    fn email_shape() {
        assert!(is_email("ann@example.com"));
        assert!(is_email("a.b+c@mail.example.co.uk"));
        for bad in
            ["", "ann", "ann@", "@example.com", "ann@example", "ann@@example.com", "a n@x.io", "ann@x..io"]
        {
            assert!(!is_email(bad), "{bad:?} accepted");
        }
    }

    #[test]
    fn clean_trims_and_drops_blank() {
        assert_eq!(clean(Some("  x ".into())), Some("x".into()));
        assert_eq!(clean(Some("   ".into())), None);
        assert_eq!(clean(None), None);
    }
}
