//! Team sync (issue "Team database"): every machine a full offline replica on SQLite, sharing
//! one data set through PostgreSQL: the one place that says which tables sync ([`tables`]),
//! capturing local changes ([`capture`]), the server's set-up, push and pull ([`server`]),
//! values on the wire ([`values`]), this machine's side in SQLite ([`replica`]: state and outbox; [`apply`]: the server's rows) and being in a
//! team ([`team`]: publish, join, sync, leave; [`conflicts`] and their resolution), large downloads
//! ([`bulk`]: indexes built once at the end) file contents ([`blobs`]) and the team's passwords, end-to-end encrypted ([`vault`]; changing its key
//! when a machine or member is removed, [`rotation`]; its [`recovery`] kit).

pub mod apply;
pub mod blobs;
pub mod bulk;
pub mod capture;
pub mod conflicts;
pub mod recovery;
pub mod replica;
pub mod rotation;
pub mod server;
pub mod tables;
pub mod team;
pub mod values;
pub mod vault;
