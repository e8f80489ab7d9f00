//! Team sync (issue "Team database"): every machine a full offline replica on SQLite, sharing
//! one data set through PostgreSQL. This folder grows with it; so far it holds the one place
//! that says which tables sync ([`tables`]) and the server's set-up, push and pull ([`server`]).

pub mod server;
pub mod tables;
