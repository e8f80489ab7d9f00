//! The clipboard for copied secrets, handled as a password manager does: the value goes from
//! Rust to the clipboard without passing through the webview, marked to be left out of
//! clipboard history and cloud clipboards where the platform has a way to say so (Windows'
//! history and cloud flags, macOS's nspasteboard.org convention, KDE's password-manager hint on
//! Linux), cleared after a delay if it still holds the secret, and cleared when the app quits.
//! Only a fingerprint (SHA-256) of the secret is kept to recognise it.

use std::sync::{Arc, Mutex};

use sha2::{Digest, Sha256};

/// The clipboard, opened on the first copy and kept (on X11 its contents live with it).
#[derive(Clone, Default)]
pub struct SecretClipboard {
    inner: Arc<Mutex<Inner>>,
}

#[derive(Default)]
struct Inner {
    board: Option<arboard::Clipboard>,
    /// The fingerprint of the secret last copied, while it may still be on the clipboard.
    holding: Option<Vec<u8>>,
}

impl SecretClipboard {
    /// Puts `value` on the clipboard (blocking: call it off the async threads) and returns its
    /// fingerprint, for [`Self::clear_if_holding`].
    pub fn copy(&self, value: String) -> Result<Vec<u8>, arboard::Error> {
        let fingerprint = Sha256::digest(value.as_bytes()).to_vec();
        let mut inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        let mut board = match inner.board.take() {
            Some(board) => board,
            None => arboard::Clipboard::new()?,
        };
        let copied = set_secret(&mut board, value);
        inner.board = Some(board);
        copied?;
        inner.holding = Some(fingerprint.clone());
        Ok(fingerprint)
    }

    /// Clears the clipboard if it still holds the secret with this fingerprint (something the
    /// user copied since is left alone).
    pub fn clear_if_holding(&self, fingerprint: &[u8]) {
        let mut inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        if inner.holding.as_deref() != Some(fingerprint) {
            return;
        }
        inner.holding = None;
        if let Some(board) = inner.board.as_mut()
            && board.get_text().is_ok_and(|now| Sha256::digest(now.as_bytes())[..] == *fingerprint)
        {
            let _ = board.clear();
        }
    }

    /// At exit: clears the clipboard if it still holds a copied secret.
    pub fn clear_on_exit(&self) {
        let holding = self.inner.lock().unwrap_or_else(|e| e.into_inner()).holding.clone();
        if let Some(fingerprint) = holding {
            self.clear_if_holding(&fingerprint);
        }
    }
}

#[cfg(windows)]
fn set_secret(board: &mut arboard::Clipboard, value: String) -> Result<(), arboard::Error> {
    use arboard::SetExtWindows;
    board.set().exclude_from_history().exclude_from_cloud().exclude_from_monitoring().text(value)
}

#[cfg(target_os = "macos")]
fn set_secret(board: &mut arboard::Clipboard, value: String) -> Result<(), arboard::Error> {
    use arboard::SetExtApple;
    board.set().exclude_from_history().text(value)
}

#[cfg(all(unix, not(target_os = "macos")))]
fn set_secret(board: &mut arboard::Clipboard, value: String) -> Result<(), arboard::Error> {
    use arboard::SetExtLinux;
    board.set().exclude_from_history().text(value)
}
