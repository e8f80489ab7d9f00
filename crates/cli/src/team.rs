//! `fieldbook-cli team`: the team server (PostgreSQL). So far: `init` sets Fieldbook's schema up
//! in an empty database, `info` shows which data set a server holds. Joining, syncing and members
//! follow (issue "Team database").

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
    let (url, init) = match &command {
        TeamCommand::Init { url } => (url, true),
        TeamCommand::Info { url } => (url, false),
    };
    let password = password_for(url)?;
    let pool = server::connect(url, password.as_deref()).await?;
    let info = if init { server::init(&pool).await? } else { server::info(&pool).await? };
    pool.close().await;
    print_info(&info, if init { "Team server set up" } else { "Team server" }, out);
    Ok(())
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
