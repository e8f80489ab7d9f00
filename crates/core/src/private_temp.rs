//! Private temporary copies: what Fieldbook hands to another program (an attachment opened with
//! the OS, a statement PDF, an e-mail draft) is written to a per-user folder only its owner may
//! enter (mode 0700 on Unix), each copy in a fresh sub-folder of its own, created exclusively:
//! a file or symlink another user planted under a predictable name in a shared /tmp is never
//! followed or overwritten. Copies older than [`KEEP_COPIES`] are removed at start-up.

use std::fs::{DirBuilder, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::files::safe_file_name;
use crate::messages::msg;
use crate::{Error, Result};

/// How long a copy is left for the program that opened it before start-up removes it.
pub const KEEP_COPIES: Duration = Duration::from_secs(3600);

/// The folder of private copies.
#[derive(Clone, Debug)]
pub struct PrivateTemp {
    root: PathBuf,
}

impl PrivateTemp {
    /// The per-user cache folder's `com.fieldbook.desktop/opened` (`$XDG_CACHE_HOME` on Linux,
    /// `~/Library/Caches` on macOS, `%LOCALAPPDATA%` on Windows): never a folder other users
    /// share. `None` only when the OS reports no home.
    pub fn default_root() -> Option<PathBuf> {
        dirs::cache_dir().map(|d| d.join(crate::APP_IDENTIFIER).join("opened"))
    }

    /// Uses `root`, creating it owner-only; an existing one is made owner-only again, and a
    /// symlink or a file in its place is refused.
    pub fn open(root: &Path) -> Result<Self> {
        if let Some(parent) = root.parent() {
            std::fs::create_dir_all(parent)?;
        }
        match std::fs::symlink_metadata(root) {
            Ok(meta) if meta.file_type().is_symlink() || !meta.is_dir() => {
                return Err(Error::Io(std::io::Error::other(msg(
                    "{folder} is not a folder of Fieldbook's; refusing to write copies there",
                    &[("folder", &root.display().to_string())],
                ))));
            }
            Ok(_) => restrict(root)?,
            Err(_) => private_dir(root)?,
        }
        Ok(Self { root: root.to_owned() })
    }

    /// Writes `bytes` as a new file named (safely) `name`; returns its path.
    pub fn write(&self, name: &str, bytes: &[u8]) -> Result<PathBuf> {
        let path = self.new_path(name)?;
        let mut file = create_new(&path)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        Ok(path)
    }

    /// Copies the file at `source` as a new file named (safely) `name`; returns its path.
    pub fn copy(&self, name: &str, source: &Path) -> Result<PathBuf> {
        let path = self.new_path(name)?;
        let mut file = create_new(&path)?;
        std::io::copy(&mut std::fs::File::open(source)?, &mut file)?;
        file.sync_all()?;
        Ok(path)
    }

    /// Removes the copies older than `age` (those still open elsewhere on Windows stay) and
    /// returns how many went.
    pub fn sweep(&self, age: Duration) -> usize {
        let Ok(entries) = std::fs::read_dir(&self.root) else { return 0 };
        let cutoff = std::time::SystemTime::now().checked_sub(age);
        entries
            .flatten()
            .filter(|e| {
                let modified = e.metadata().and_then(|m| m.modified()).ok();
                matches!((modified, cutoff), (Some(m), Some(c)) if m <= c)
            })
            .filter(|e| std::fs::remove_dir_all(e.path()).is_ok())
            .count()
    }

    /// A path in a sub-folder created for it alone (`create_dir` fails on anything already there).
    fn new_path(&self, name: &str) -> Result<PathBuf> {
        let dir = self.root.join(uuid::Uuid::now_v7().to_string());
        private_dir(&dir)?;
        Ok(dir.join(safe_file_name(name)))
    }
}

#[cfg(unix)]
fn private_dir(path: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    DirBuilder::new().mode(0o700).create(path)
}

#[cfg(not(unix))]
fn private_dir(path: &Path) -> std::io::Result<()> {
    // Under %LOCALAPPDATA%, which only the user may read.
    DirBuilder::new().create(path)
}

#[cfg(unix)]
fn restrict(path: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o700))
}

#[cfg(not(unix))]
fn restrict(_path: &Path) -> std::io::Result<()> {
    Ok(())
}

/// Creates `path` only if nothing (not even a dangling symlink) is there.
fn create_new(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path)
}
