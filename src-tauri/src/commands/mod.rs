//! The IPC commands, one file per area: thin async adapters that parse, call the core and map
//! the error.

pub mod activities;
pub mod attachments;
pub mod backup;
pub mod billing;
pub mod choices;
pub mod contracts;
pub mod custom_fields;
pub mod emails;
pub mod import;
pub mod links;
pub mod members;
pub mod merge;
pub mod notes;
pub mod organizations;
pub mod people;
pub mod search;
pub mod settings;
pub mod staff;
pub mod stream;
pub mod systems;
pub mod team;
pub mod terms;
pub mod today;
