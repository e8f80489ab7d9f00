//! Byte-level reading under the CSV parser: a reader that hashes what passes through it (so an
//! apply can prove it read the previewed file) and one that transcodes to UTF-8 as it reads,
//! refusing (not replacing) bytes that are not valid in the encoding.

use std::io::{self, Read};

use sha2::{Digest, Sha256};

use super::read::TextEncoding;

/// Hashes what passes through.
pub(super) struct Hashing<R> {
    pub(super) inner: R,
    pub(super) hasher: Sha256,
}

impl<R: Read> Read for Hashing<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hasher.update(&buf[..n]);
        Ok(n)
    }
}

/// A decoding error carried through `io::Error` so csv can pass it on.
#[derive(Debug)]
pub(super) struct Malformed {
    pub(super) offset: u64,
}

impl std::fmt::Display for Malformed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "malformed text at byte {}", self.offset)
    }
}

impl std::error::Error for Malformed {}

/// Transcodes to UTF-8 as it reads, refusing (not replacing) bytes that are not valid in the
/// encoding: a file that is UTF-8 at the top and Windows-1252 further down must be noticed.
pub(super) struct Decoding<R> {
    pub(super) inner: R,
    decoder: encoding_rs::Decoder,
    input: Vec<u8>,
    start: usize,
    end: usize,
    output: Vec<u8>,
    out_start: usize,
    out_end: usize,
    eof: bool,
    finished: bool,
    offset: u64,
}

impl<R: Read> Decoding<R> {
    pub(super) fn new(inner: R, encoding: TextEncoding) -> Self {
        Self {
            inner,
            decoder: encoding.encoding().new_decoder_with_bom_removal(),
            input: vec![0; 64 * 1024],
            start: 0,
            end: 0,
            output: vec![0; 3 * 64 * 1024 + 16],
            out_start: 0,
            out_end: 0,
            eof: false,
            finished: false,
            offset: 0,
        }
    }
}

impl<R: Read> Read for Decoding<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        loop {
            if self.out_start < self.out_end {
                let n = buf.len().min(self.out_end - self.out_start);
                buf[..n].copy_from_slice(&self.output[self.out_start..self.out_start + n]);
                self.out_start += n;
                return Ok(n);
            }
            if self.finished {
                return Ok(0);
            }
            if self.start == self.end && !self.eof {
                self.start = 0;
                self.end = self.inner.read(&mut self.input)?;
                self.eof = self.end == 0;
            }
            let (result, read, written) = self.decoder.decode_to_utf8_without_replacement(
                &self.input[self.start..self.end],
                &mut self.output,
                self.eof,
            );
            self.start += read;
            self.offset += read as u64;
            self.out_start = 0;
            self.out_end = written;
            match result {
                encoding_rs::DecoderResult::Malformed(bad, after) => {
                    let offset = self.offset - u64::from(bad) - u64::from(after);
                    return Err(io::Error::new(io::ErrorKind::InvalidData, Malformed { offset }));
                }
                encoding_rs::DecoderResult::InputEmpty if self.eof => self.finished = true,
                _ => {}
            }
        }
    }
}

/// Stops the CSV parser from buffering without end: it counts the bytes handed on since the
/// parser last finished a record and fails once they pass `limit`. Without it an unterminated
/// quote would make the parser read the rest of a multi-GB file into one cell.
pub(super) struct Bounded<R> {
    pub(super) inner: R,
    pub(super) since_record: std::sync::Arc<std::sync::atomic::AtomicU64>,
    pub(super) limit: u64,
}

/// The error [`Bounded`] fails with, carried through `io::Error`.
#[derive(Debug)]
pub(super) struct RecordTooLong;

impl std::fmt::Display for RecordTooLong {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a record is longer than its cells may be")
    }
}

impl std::error::Error for RecordTooLong {}

impl<R: Read> Read for Bounded<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        use std::sync::atomic::Ordering;
        if self.since_record.load(Ordering::Relaxed) > self.limit {
            return Err(io::Error::new(io::ErrorKind::InvalidData, RecordTooLong));
        }
        let n = self.inner.read(buf)?;
        self.since_record.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}
