//! `cargo xtask bench …`: benchmarks whose figures go into BENCHMARKS.md (timings are measured
//! here, never asserted in tests).

pub mod backup;
pub mod import;
pub mod search;
pub mod statements;
pub mod stream;
