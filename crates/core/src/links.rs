//! Which links the app may hand to the operating system: phone, mail and secure web only.

use crate::messages::msg;
use crate::{Error, Result};

/// Schemes the OS may be asked to open. Anything else (file:, javascript:, custom handlers) could
/// run a program, so it is refused. Plain http is allowed for the admin pages of systems
/// (routers, printers), which rarely have certificates.
const ALLOWED: &[&str] = &["tel:", "mailto:", "https://", "http://"];

/// Checks that `url` is a `tel:`, `mailto:`, `https://` or `http://` link without control
/// characters, and returns it trimmed.
pub fn external(url: &str) -> Result<String> {
    let url = url.trim();
    let lower = url.to_ascii_lowercase();
    let scheme_ok = ALLOWED.iter().any(|s| lower.starts_with(s) && lower.len() > s.len());
    if !scheme_ok || url.chars().any(char::is_control) {
        return Err(Error::invalid(
            "url",
            msg("Only phone (tel:), email (mailto:) and web (https://, http://) links can be opened.", &[]),
        ));
    }
    Ok(url.to_owned())
}

/// A system's web address (a router's admin page): http or https, as typed.
pub fn system_url(value: &str) -> Result<String> {
    let lower = value.trim().to_ascii_lowercase();
    if !(lower.starts_with("http://") || lower.starts_with("https://")) {
        return Err(Error::invalid("url", msg("A web address starts with https:// or http://.", &[])));
    }
    external(value)
}

/// A website as typed ("example.com") made into a link the OS may open ("https://example.com").
pub fn website(value: &str) -> Result<String> {
    let value = value.trim();
    if value.to_ascii_lowercase().starts_with("http://") {
        return external(&format!("https://{}", &value[7..]));
    }
    if value.contains("://") {
        return external(value);
    }
    external(&format!("https://{value}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allows_phone_mail_and_https_only() {
        assert_eq!(external(" tel:+441234567 ").unwrap(), "tel:+441234567");
        assert!(external("mailto:ann@example.com").is_ok());
        assert!(external("https://example.com").is_ok());
        assert!(external("http://192.168.1.1/admin").is_ok());
        for bad in
            ["file:///etc/passwd", "javascript:alert(1)", "ftp://x.io", "tel:", "smb://x", "https://a\nb"]
        {
            assert!(external(bad).is_err(), "{bad:?} allowed");
        }
    }

    #[test]
    fn website_gets_https() {
        assert_eq!(website("example.com").unwrap(), "https://example.com");
        assert_eq!(website("http://example.com").unwrap(), "https://example.com");
        assert!(website("ftp://example.com").is_err());
    }
}
