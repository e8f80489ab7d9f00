//! The IPC commands, one file per area: thin async adapters that parse, call the core and map
//! the error.

pub mod links;
pub mod organizations;
pub mod people;
