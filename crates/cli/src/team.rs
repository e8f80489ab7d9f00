//! `fieldbook-cli team`: the team server (PostgreSQL). So far: `init` sets Fieldbook's schema up
//! in an empty database, `info` shows which data set a server holds, `add-member` /
//! `remove-member` manage members' own logins. Joining and syncing follow (issue "Team
//! database").

use std::io::{BufRead, IsTerminal};

use clap::Subcommand;
use fieldbook_core::Error;
use fieldbook_core::sync::server::{self, ServerInfo};

use crate::output::{Output, print_json};

#[derive(Subcommand)]
pub enum TeamCommand {
    /// Create Fieldbook's schema in an empty PostgreSQL database (refuses one that holds other
    /// tables). The password is asked for (without echo), or read as one line from a pipe, when
    /// the address has none.
    Init {
        /// postgres://ADMIN@HOST:PORT/DATABASE[?sslmode=require]
        #[arg(long)]
        url: String,
    },
    /// Show the data set a team server holds and its schema.
    Info {
        #[arg(long)]
        url: String,
    },
    /// Give a team member their own server login (run with the admin's address); prints the
    /// one-time password to hand them. The login may only push and pull, nothing else.
    AddMember {
        #[arg(long)]
        url: String,
        /// Their login: letters, digits and underscores (e.g. ann_lee).
        login: String,
    },
    /// Disable a member's server login (what they pushed stays theirs); their next sync is
    /// refused with a sentence.
    RemoveMember {
        #[arg(long)]
        url: String,
        login: String,
    },
}

/// The password for `url`: none when the address carries one, else from the terminal (no echo)
/// or one line of standard input.
fn password_for(url: &str) -> Result<Option<String>, Error> {
    let has_password = url
        .split_once("://")
        .and_then(|(_, rest)| rest.split_once('@'))
        .is_some_and(|(user, _)| user.contains(':'));
    if has_password {
        return Ok(None);
    }
    let stdin = std::io::stdin();
    let value = if stdin.is_terminal() {
        rpassword::prompt_password("Server password: ")?
    } else {
        let mut line = String::new();
        stdin.lock().read_line(&mut line)?;
        line.trim_end_matches(['\n', '\r']).to_owned()
    };
    Ok((!value.is_empty()).then_some(value))
}

pub async fn team(command: TeamCommand, out: &Output) -> Result<(), Error> {
    let url = match &command {
        TeamCommand::Init { url }
        | TeamCommand::Info { url }
        | TeamCommand::AddMember { url, .. }
        | TeamCommand::RemoveMember { url, .. } => url,
    };
    let password = password_for(url)?;
    let pool = server::connect(url, password.as_deref()).await?;
    let result = match &command {
        TeamCommand::Init { .. } => {
            server::init(&pool).await.map(|i| print_info(&i, "Team server set up", out))
        }
        TeamCommand::Info { .. } => server::info(&pool).await.map(|i| print_info(&i, "Team server", out)),
        TeamCommand::AddMember { login, .. } => server::add_member(&pool, login).await.map(|one_time| {
            if out.json {
                print_json(&serde_json::json!({ "login": login, "password": one_time }));
            } else {
                println!(
                    "Login {login} added. Its one-time password (give it to them; it is not kept): {one_time}"
                );
            }
        }),
        TeamCommand::RemoveMember { login, .. } => server::remove_member(&pool, login).await.map(|()| {
            if !out.json {
                println!("Login {login} can no longer sign in.");
            }
        }),
    };
    pool.close().await;
    result
}

fn print_info(info: &ServerInfo, headline: &str, out: &Output) {
    if out.json {
        return print_json(info);
    }
    println!(
        "{headline}: data set {} (epoch {}), server schema {}",
        info.data_set_id, info.epoch, info.schema
    );
}
