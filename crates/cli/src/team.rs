//! `fieldbook-cli team`: the team server (PostgreSQL) and this machine's place in the team.
//! Server commands (`init`, `info`, `upgrade`, `add-member`, `remove-member`) open no local
//! database; machine commands (`publish`, `join`, `sync`, `status`, `conflicts`, `resolve`,
//! `leave`) work on this machine's data.

use std::io::{BufRead, IsTerminal};

use clap::Subcommand;
use fieldbook_core::sync::server::{self, ServerInfo};
use fieldbook_core::sync::team::{Resolution, SyncReport};
use fieldbook_core::{Core, Error};

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
        /// The staff member (their name as in `staff list`), or a login for someone who is not.
        staff: String,
        /// member (pushes and pulls) or admin (also adds and removes members with their own login).
        #[arg(long, value_parser = ["member", "admin"], default_value = "member")]
        role: String,
        /// Their login (default: made from the staff member's name, e.g. ann_lee).
        #[arg(long)]
        login: Option<String>,
    },
    /// Bring an older team server's schema up to this Fieldbook's (run with the admin's address,
    /// after updating Fieldbook; machines with an older Fieldbook then refuse to sync until updated).
    Upgrade {
        #[arg(long)]
        url: String,
    },
    /// Make this machine the team's first: its data goes to an empty team server. The password
    /// is asked for (or read from a pipe) and kept in the OS keyring.
    Publish {
        /// postgres://LOGIN@HOST:PORT/DATABASE[?sslmode=verify-full&sslrootcert=CA.pem]
        #[arg(long)]
        url: String,
    },
    /// Join a team: the team's data is downloaded. A machine with records of its own is refused
    /// unless --replace is given; then a backup is made first in the data folder.
    Join {
        #[arg(long)]
        url: String,
        /// Replace this machine's own records with the team's (after a backup).
        #[arg(long)]
        replace: bool,
    },
    /// Send this machine's changes and fetch the team's, now.
    Sync,
    /// Where this machine stands: server, changes waiting, conflicts, last sync.
    Status,
    /// The team's machines: fingerprint, login, whether each reads the team's passwords
    /// (approved) or waits for an admin.
    Devices,
    /// Approve a machine waiting to read the team's passwords (an admin, on a machine of theirs
    /// that reads them), after comparing the fingerprint it shows (`team status` there) with the
    /// one `team devices` lists here.
    Approve {
        /// The machine's fingerprint (e.g. 3F2A-9C1B-77D0-E412-0B5D) or device id.
        device: String,
    },
    /// Remove a machine from the team's passwords (an admin, on a machine of theirs that reads
    /// them): the team's key changes, every password is sealed anew for the machines that stay,
    /// and the passwords it could read are listed — change them at the customers. A change cut
    /// short is finished by the next sync of an admin's machine.
    RemoveDevice {
        /// The machine's fingerprint or device id (from `team devices`).
        device: String,
    },
    /// Print a recovery kit for the team's passwords (an admin, on a machine of theirs that reads
    /// them): a PDF page with a code that, with the passphrase you choose (asked twice, or one
    /// line from a pipe; not printed), lets an admin's new machine in when every admin's machine
    /// is lost. Keep the page offline and the passphrase apart from it.
    RecoveryKit {
        /// Where the PDF page goes.
        #[arg(long)]
        out: std::path::PathBuf,
    },
    /// Let this machine (an admin's, joined to the team) read the team's passwords with a
    /// recovery kit: its code and then its passphrase, each asked for (or one line each from a
    /// pipe).
    Recover,
    /// Conflicts the server recorded (two machines changed the same field, an edit met an
    /// archive or a delete, a number taken elsewhere).
    Conflicts {
        /// Resolved ones too.
        #[arg(long)]
        all: bool,
    },
    /// Resolve a conflict: keep the server's value (theirs), use the other edit's (mine), or
    /// give the value; it syncs as an ordinary edit.
    Resolve {
        /// The conflict's id (from `team conflicts`).
        id: String,
        #[arg(long, value_parser = ["theirs", "mine", "value"])]
        take: String,
        /// The value, with --take value ("" for none).
        #[arg(long)]
        value: Option<String>,
    },
    /// After sync stopped because the team server was restored from an older backup: send this
    /// machine's waiting changes, make a backup here and download the team's data again.
    DownloadAgain,
    /// Write the changes that have not reached the team server to a JSON file (for a member
    /// removed from the team, or a server gone for good).
    Outbox {
        #[arg(long)]
        out: std::path::PathBuf,
    },
    /// Leave the team: sync stops, this machine keeps its records, the password leaves the
    /// keyring. Refused while changes wait, unless --force.
    Leave {
        #[arg(long)]
        force: bool,
    },
    /// Remove a member: their server login is disabled (what they pushed stays theirs; their
    /// next sync is refused with a sentence). Run on an admin's machine in the team (no --url),
    /// their machines are removed from the team's passwords too, with one key change, and the
    /// passwords they could read are listed, to change at the customers; with --url (the
    /// server's admin address) only the login is disabled.
    RemoveMember {
        #[arg(long)]
        url: Option<String>,
        login: String,
    },
}

/// One line: from the terminal without echo (twice when `confirm`), or from a pipe.
fn read_line(prompt: &str, confirm: bool) -> Result<String, Error> {
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        let first = rpassword::prompt_password(prompt)?;
        if confirm && rpassword::prompt_password("The same again: ")? != first {
            return Err(Error::invalid("passphrase", "The two passphrases differ. Nothing was done."));
        }
        return Ok(first);
    }
    let mut line = String::new();
    stdin.lock().read_line(&mut line)?;
    Ok(line.trim_end_matches(['\n', '\r']).to_owned())
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

impl TeamCommand {
    /// Whether the command works on the server alone (no local database is opened).
    pub fn server_only(&self) -> bool {
        matches!(
            self,
            Self::Init { .. }
                | Self::Info { .. }
                | Self::Upgrade { .. }
                | Self::RemoveMember { url: Some(_), .. }
        )
    }
}

/// The server commands.
pub async fn server_command(command: TeamCommand, out: &Output) -> Result<(), Error> {
    let url = match &command {
        TeamCommand::Init { url }
        | TeamCommand::Info { url }
        | TeamCommand::Upgrade { url }
        | TeamCommand::RemoveMember { url: Some(url), .. } => url,
        _ => return Err(Error::invalid("team", "That command works on this machine's data.")),
    };
    let password = password_for(url)?;
    let pool = server::connect(url, password.as_deref()).await?;
    let result = match &command {
        TeamCommand::Init { .. } => {
            server::init(&pool).await.map(|i| print_info(&i, "Team server set up", out))
        }
        TeamCommand::Info { .. } => server::info(&pool).await.map(|i| print_info(&i, "Team server", out)),
        TeamCommand::Upgrade { .. } => server::upgrade(&pool).await.map(|(before, after)| {
            if out.json {
                print_json(&serde_json::json!({ "before": before, "after": after }));
            } else if before == after {
                println!("The team server's schema is current ({after}).");
            } else {
                println!("The team server's schema was upgraded from {before} to {after}.");
            }
        }),
        TeamCommand::RemoveMember { login, .. } => server::remove_member(&pool, login).await.map(|()| {
            if !out.json {
                println!(
                    "Login {login} can no longer sign in. Their machines still hold the team's key: run `team \
                     remove-member {login}` on an admin's machine in the team (without --url) to remove them too; \
                     the key changes and the passwords they could read are listed, to change at the customers."
                );
            }
        }),
        _ => Ok(()),
    };
    pool.close().await;
    result
}

/// The password for a machine command: the one in the address, else asked for.
fn required_password(url: &str) -> Result<(String, String), Error> {
    let embedded = url
        .split_once("://")
        .and_then(|(_, rest)| rest.split_once('@'))
        .and_then(|(user, _)| user.split_once(':'))
        .map(|(_, password)| password.to_owned());
    let password = match embedded {
        Some(password) => password,
        None => {
            password_for(url)?.ok_or_else(|| Error::invalid("password", "The server password is needed."))?
        }
    };
    Ok((server::without_password(url), password))
}

/// The machine commands.
pub async fn machine_command(core: &Core, command: TeamCommand, out: &Output) -> Result<(), Error> {
    let team = core.team();
    match command {
        TeamCommand::Publish { url } => {
            let (url, password) = required_password(&url)?;
            let report = team.publish(&url, &password).await?;
            print_report(&report, "Published this machine's data to the team server", out);
        }
        TeamCommand::Join { url, replace } => {
            let (url, password) = required_password(&url)?;
            let report = team.join(&url, &password, replace).await?;
            print_report(&report, "Joined the team", out);
        }
        TeamCommand::Sync => {
            let report = team.sync().await?;
            print_report(&report, "Synced", out);
        }
        TeamCommand::Status => {
            let status = team.status().await?;
            if out.json {
                print_json(&status);
            } else if !status.joined {
                println!("This machine is not in a team.");
            } else {
                println!("Team server: {}", status.url.as_deref().unwrap_or("?"));
                println!("Changes waiting: {}", status.waiting);
                println!("Conflicts: {}", status.conflicts);
                println!("Last sync: {}", status.last_sync.as_deref().unwrap_or("never"));
                let passwords = &status.passwords;
                let fingerprint = passwords.fingerprint.as_deref().unwrap_or("not registered yet");
                match passwords.state.as_str() {
                    "approved" => println!("Passwords: shared with this machine (fingerprint {fingerprint})"),
                    "removed" => println!("Passwords: this machine was removed (fingerprint {fingerprint})"),
                    _ => println!(
                        "Passwords: waiting for an admin to approve this machine (fingerprint {fingerprint})"
                    ),
                }
                if passwords.admin && passwords.waiting > 0 {
                    println!(
                        "Machines waiting for approval: {} (team devices, team approve)",
                        passwords.waiting
                    );
                }
                if let Some(error) = &passwords.error {
                    println!("Passwords not synced: {error}");
                }
                if let Some(stopped) = &status.stopped {
                    println!("Stopped: {stopped}");
                } else if let Some(error) = &status.last_error {
                    println!("{}: {error}", if status.offline { "Offline" } else { "Last error" });
                }
            }
        }
        TeamCommand::Devices => {
            let devices = team.devices().await?;
            if out.json {
                print_json(&devices);
            } else {
                for d in &devices {
                    let state = if d.removed_at.is_some() {
                        "removed".to_owned()
                    } else if d.has_key {
                        format!("approved by {}", d.approved_by.as_deref().unwrap_or("?"))
                    } else {
                        "waiting for approval".to_owned()
                    };
                    println!(
                        "{}  {} · {} · {state}{}",
                        d.fingerprint,
                        d.name,
                        d.login,
                        if d.this_machine { " · this machine" } else { "" }
                    );
                }
            }
        }
        TeamCommand::Approve { device } => {
            let approved = team.approve_device(&device).await?;
            if out.json {
                print_json(&approved);
            } else {
                println!(
                    "Approved {} ({}, {}): it receives the team's passwords with its next sync.",
                    approved.name, approved.login, approved.fingerprint
                );
            }
        }
        TeamCommand::RemoveDevice { device } => {
            let removal = team.remove_device(&device).await?;
            if out.json {
                print_json(&removal);
            } else {
                println!(
                    "Removed {} ({}, {}). The team's key is now version {} ({} passwords sealed anew).",
                    removal.device.name,
                    removal.device.login,
                    removal.device.fingerprint,
                    removal.key_version,
                    removal.resealed
                );
                if let Some(why) = &removal.still_changing {
                    println!("The key change has not ended: {why}");
                }
                if removal.passwords_to_change.is_empty() {
                    println!("It never read the team's passwords: none to change.");
                } else {
                    println!("Passwords that machine could read — change them at the customer:");
                    for p in &removal.passwords_to_change {
                        println!("  {} · {} · {}", p.organization, p.system, p.label);
                    }
                }
            }
        }
        TeamCommand::RecoveryKit { out: file } => {
            let passphrase = read_line("Passphrase for the kit (not printed on it): ", true)?;
            let kit = team.recovery_kit(&passphrase).await?;
            fieldbook_core::files::write_atomically(&file, &kit.pdf)?;
            if out.json {
                print_json(&serde_json::json!({ "file": file, "fingerprint": kit.fingerprint }));
            } else {
                println!(
                    "Wrote the recovery kit ({}) to {}. Print it, keep it offline, keep the passphrase apart from it, \
                     and delete the file.",
                    kit.fingerprint,
                    file.display()
                );
            }
        }
        TeamCommand::Recover => {
            let code = read_line("Recovery code (from the kit's page): ", false)?;
            let passphrase = read_line("The kit's passphrase: ", false)?;
            let report = team.recover(&code, &passphrase).await?;
            print_report(&report, "This machine reads the team's passwords again", out);
        }
        TeamCommand::RemoveMember { url: None, login } => {
            let removal = team.remove_member(&login).await?;
            if out.json {
                print_json(&removal);
            } else {
                println!(
                    "Login {login} can no longer sign in; {} of their machines removed. The team's key is now version \
                     {} ({} passwords sealed anew).",
                    removal.machines.len(),
                    removal.key_version,
                    removal.resealed
                );
                if let Some(why) = &removal.still_changing {
                    println!("The key change has not ended: {why}");
                }
                if removal.passwords_to_change.is_empty() {
                    println!("They never read the team's passwords: none to change.");
                } else {
                    println!("Passwords they could read — change them at the customer:");
                    for p in &removal.passwords_to_change {
                        println!("  {} · {} · {}", p.organization, p.system, p.label);
                    }
                }
            }
        }
        TeamCommand::Conflicts { all } => {
            let conflicts = team.conflicts(all).await?;
            if out.json {
                print_json(&conflicts);
            } else if conflicts.is_empty() {
                println!("No conflicts.");
            } else {
                for c in &conflicts {
                    let what = c.record.clone().unwrap_or_else(|| c.table.clone());
                    println!(
                        "{}  {} · {} ({}): mine {} / theirs {}{}{}",
                        c.id,
                        what,
                        c.field.replace('_', " "),
                        c.message,
                        c.mine,
                        c.theirs,
                        c.actor.as_deref().map(|a| format!(" · by {a}")).unwrap_or_default(),
                        if c.resolved_at.is_some() { " · resolved" } else { "" }
                    );
                }
            }
        }
        TeamCommand::Resolve { id, take, value } => {
            let resolution = match take.as_str() {
                "theirs" => Resolution::Theirs,
                "mine" => Resolution::Mine,
                _ => Resolution::Value(match value {
                    Some(v) if !v.is_empty() => serde_json::Value::String(v),
                    _ => serde_json::Value::Null,
                }),
            };
            team.resolve(&id, resolution).await?;
            if !out.json {
                println!("Resolved; it reaches the other machines with the next sync.");
            }
        }
        TeamCommand::AddMember { url, staff, role, login } => {
            // A staff member of this machine's data gets a login made from their name.
            let member = core
                .staff()
                .list(true)
                .await?
                .into_iter()
                .find(|m| m.name.trim().eq_ignore_ascii_case(staff.trim()));
            let login = match (login, &member) {
                (Some(login), _) => login,
                (None, Some(m)) => server::login_for(&m.name),
                (None, None) => staff.clone(),
            };
            let password = password_for(&url)?;
            let pool = server::connect(&url, password.as_deref()).await?;
            let added = server::add_member(&pool, &login, role == "admin").await;
            pool.close().await;
            let one_time = added?;
            let who = member.as_ref().map_or(login.clone(), |m| format!("{} ({login})", m.name));
            if out.json {
                print_json(
                    &serde_json::json!({ "login": login, "staff": member.map(|m| m.name), "role": role, "password": one_time }),
                );
            } else {
                println!(
                    "Login for {who} added as {role}. Its one-time password (give it to them; it is not kept): {one_time}"
                );
            }
        }
        TeamCommand::DownloadAgain => {
            let report = team.download_again().await?;
            print_report(&report, "Downloaded the team's data again", out);
        }
        TeamCommand::Outbox { out: file } => {
            let count = team.export_outbox(&file).await?;
            if out.json {
                print_json(&serde_json::json!({ "changes": count, "file": file }));
            } else {
                println!("Wrote {count} changes to {}.", file.display());
            }
        }
        TeamCommand::Leave { force } => {
            team.leave(force).await?;
            if !out.json {
                println!("This machine left the team; its records stay here.");
            }
        }
        _ => return server_command(command, out).await,
    }
    Ok(())
}

fn print_report(report: &SyncReport, headline: &str, out: &Output) {
    if out.json {
        return print_json(report);
    }
    let passwords = if report.passwords_sent + report.passwords_received > 0 {
        format!("; passwords: {} sent, {} received", report.passwords_sent, report.passwords_received)
    } else {
        String::new()
    };
    println!(
        "{headline}: {} sent, {} received, {} conflicts open{}{passwords}",
        report.pushed,
        report.pulled,
        report.conflicts,
        if report.waiting_to_apply > 0 {
            format!(", {} waiting to apply", report.waiting_to_apply)
        } else {
            String::new()
        }
    );
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
