//! Copying a part while hashing it on a second thread: SHA-256 of a gigabyte takes about as long
//! as writing it, so doing both on one thread would nearly double the time of a backup. Chunks of
//! 1 MiB are shared with the hashing thread and come back to be reused (a few buffers in all);
//! a plain file is copied by the kernel while a second thread hashes it.

use std::fs::File;
use std::io::{self, Read, Write};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;

use sha2::{Digest, Sha256};

use super::archive::{Meter, hex};
use crate::messages::msg;

/// Bytes read and written at once.
const CHUNK: usize = 1024 * 1024;
/// Chunks in flight between the two threads.
const IN_FLIGHT: usize = 4;

/// Copies `src` to its end into `dst`, metering it; returns its SHA-256 (hex) and size.
pub(crate) fn copy_hashed(
    src: &mut dyn Read,
    dst: &mut dyn Write,
    meter: &mut Meter<'_>,
) -> io::Result<(String, u64)> {
    std::thread::scope(|scope| {
        let (to_hasher, chunks) = mpsc::sync_channel::<Arc<Vec<u8>>>(IN_FLIGHT);
        let (give_back, returned) = mpsc::channel::<Arc<Vec<u8>>>();
        let hasher = scope.spawn(move || {
            let mut sha = Sha256::new();
            for chunk in chunks {
                sha.update(&chunk[..]);
                // The copying thread may have stopped; then the buffer is simply dropped.
                let _ = give_back.send(chunk);
            }
            hex(&sha.finalize())
        });
        let mut spare: Vec<Vec<u8>> = Vec::new();
        let mut made = 0;
        let mut size = 0u64;
        loop {
            let mut buf = match spare.pop() {
                Some(buf) => buf,
                None if made < IN_FLIGHT + 1 => {
                    made += 1;
                    Vec::with_capacity(CHUNK)
                }
                // Both threads are done with a returned chunk: its buffer is free again.
                None => returned
                    .recv()
                    .ok()
                    .and_then(|chunk| Arc::try_unwrap(chunk).ok())
                    .unwrap_or_else(|| Vec::with_capacity(CHUNK)),
            };
            buf.resize(CHUNK, 0);
            let n = read_full(src, &mut buf)?;
            if n == 0 {
                break;
            }
            buf.truncate(n);
            let chunk = Arc::new(buf);
            to_hasher.send(Arc::clone(&chunk)).map_err(|_| io::Error::other("the hashing thread stopped"))?;
            dst.write_all(&chunk)?;
            meter.advance(n as u64)?;
            size += n as u64;
            drop(chunk);
            while let Ok(chunk) = returned.try_recv() {
                if let Ok(buf) = Arc::try_unwrap(chunk) {
                    spare.push(buf);
                }
            }
        }
        drop(to_hasher);
        let sha = hasher.join().map_err(|_| io::Error::other("the hashing thread panicked"))?;
        Ok((sha, size))
    })
}

/// Copies the file at `src` into `dst` at its current position inside the kernel
/// (`copy_file_range` on Linux, through `std::io::copy`; a plain copy elsewhere), while a second
/// thread reads and hashes the same file: one pass through user space instead of two for a
/// gigabyte-sized database. For files nobody changes (the snapshot, blobs, which are named by
/// their contents). Returns the SHA-256 and size.
pub(crate) fn copy_file_hashed(
    src: &Path,
    dst: &mut File,
    meter: &mut Meter<'_>,
) -> io::Result<(String, u64)> {
    /// Copied between progress reports and cancel checks.
    const SLICE: u64 = 64 * 1024 * 1024;
    let stop = AtomicBool::new(false);
    std::thread::scope(|scope| {
        let hasher = scope.spawn(|| -> io::Result<(String, u64)> {
            let mut file = File::open(src)?;
            let mut sha = Sha256::new();
            let mut buf = vec![0u8; CHUNK];
            let mut size = 0u64;
            while !stop.load(Ordering::Relaxed) {
                let n = read_full(&mut file, &mut buf)?;
                if n == 0 {
                    break;
                }
                sha.update(&buf[..n]);
                size += n as u64;
            }
            Ok((hex(&sha.finalize()), size))
        });
        let copied = (|| -> io::Result<u64> {
            let mut file = File::open(src)?;
            let size = file.metadata()?.len();
            let mut done = 0u64;
            while done < size {
                let n = io::copy(&mut (&mut file).take(SLICE.min(size - done)), dst)?;
                if n == 0 {
                    break;
                }
                done += n;
                meter.advance(n)?;
            }
            Ok(done)
        })();
        if copied.is_err() {
            stop.store(true, Ordering::Relaxed);
        }
        let hashed = hasher.join().map_err(|_| io::Error::other("the hashing thread panicked"))?;
        let copied = copied?;
        let (sha, size) = hashed?;
        if size != copied {
            return Err(io::Error::other(msg("a file changed size while being backed up", &[])));
        }
        Ok((sha, size))
    })
}

/// Reads until `buf` is full or the source ends; the bytes read.
fn read_full(src: &mut dyn Read, buf: &mut [u8]) -> io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match src.read(&mut buf[n..]) {
            Ok(0) => break,
            Ok(m) => n += m,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_copy_and_its_hash_match_a_plain_hash_of_the_source() {
        let data: Vec<u8> = (0..(3 * CHUNK + 12_345)).map(|i| (i * 31 % 251) as u8).collect();
        let cancel = AtomicBool::new(false);
        let mut report = |_| {};
        let mut meter = Meter::new(&mut report, &cancel);
        let mut out = Vec::new();
        let (sha, size) = copy_hashed(&mut &data[..], &mut out, &mut meter).unwrap();
        assert_eq!(out, data);
        assert_eq!(size, data.len() as u64);
        assert_eq!(sha, hex(&Sha256::digest(&data)));
        let dir = tempfile_dir();
        let (src, dst) = (dir.join("src"), dir.join("dst"));
        std::fs::write(&src, &data).unwrap();
        let mut out = File::create(&dst).unwrap();
        out.write_all(b"head").unwrap();
        assert_eq!(copy_file_hashed(&src, &mut out, &mut meter).unwrap(), (sha.clone(), size));
        out.write_all(b"tail").unwrap();
        assert_eq!(std::fs::read(&dst).unwrap(), [&b"head"[..], &data, b"tail"].concat());
        std::fs::remove_dir_all(&dir).unwrap();
        let (empty, zero) = copy_hashed(&mut &[][..], &mut Vec::new(), &mut meter).unwrap();
        assert_eq!(
            (empty.as_str(), zero),
            ("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", 0)
        );
    }

    fn tempfile_dir() -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("fieldbook-hashing-{}", uuid::Uuid::now_v7()));
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }
}
