//! `fieldbook-cli staff`: the company's own people — list, add, edit, me — and `actor`, which
//! every command that records who did something uses (`--as NAME`, else this machine's user).

use std::sync::OnceLock;

use clap::{Subcommand, ValueEnum};
use fieldbook_core::staff::{Actor, Role, StaffInput, StaffMember};
use fieldbook_core::{Core, Error, StaffId};

use crate::output::{Output, print_json};

/// The `--as` name given on the command line, if any (set once in main).
pub(crate) static ACTING_AS: OnceLock<Option<String>> = OnceLock::new();

#[derive(Subcommand)]
pub enum StaffCommand {
    /// List staff members (active ones unless --all).
    List {
        #[arg(long)]
        all: bool,
    },
    /// Add a staff member. The very first one is an admin; after that only an admin adds staff
    /// (or a newcomer adds themselves with --me while nobody is this machine's user).
    Add {
        name: String,
        #[arg(long, value_enum, default_value_t = RoleArg::Technician)]
        role: RoleArg,
        #[arg(long)]
        email: Option<String>,
        #[arg(long)]
        phone: Option<String>,
        /// Make them this machine's user.
        #[arg(long)]
        me: bool,
    },
    /// Change a staff member (admins only); options not given stay as they are.
    Edit {
        /// Their name or id.
        member: String,
        #[arg(long)]
        name: Option<String>,
        #[arg(long, value_enum)]
        role: Option<RoleArg>,
        #[arg(long)]
        email: Option<String>,
        #[arg(long)]
        phone: Option<String>,
        /// Deactivate (they stay on what they wrote, but can no longer be picked).
        #[arg(long, conflicts_with = "activate")]
        deactivate: bool,
        #[arg(long)]
        activate: bool,
    },
    /// Show this machine's user, or with a name, make that member this machine's user.
    Me {
        /// Their name or id.
        member: Option<String>,
    },
}

#[derive(Clone, Copy, ValueEnum)]
pub enum RoleArg {
    Admin,
    Office,
    Technician,
}

impl From<RoleArg> for Role {
    fn from(r: RoleArg) -> Self {
        match r {
            RoleArg::Admin => Role::Admin,
            RoleArg::Office => Role::Office,
            RoleArg::Technician => Role::Technician,
        }
    }
}

/// Who is acting: the member named by `--as` (or FIELDBOOK_AS), else this machine's user.
pub(crate) async fn actor(core: &Core) -> Result<Actor, Error> {
    match ACTING_AS.get().and_then(|a| a.as_deref()) {
        Some(name) => {
            let m = find(core, name).await?;
            if !m.active {
                return Err(Error::invalid("as", format!("{} is inactive.", m.name)));
            }
            Ok(Actor::from(&m))
        }
        None => core.actor().await.map_err(|e| match e {
            Error::Invalid { field: "me", .. } => Error::invalid(
                "as",
                "Nobody is this machine's user: pass --as NAME, or run `fieldbook-cli staff add NAME --me` \
                 (or `staff me NAME`).",
            ),
            other => other,
        }),
    }
}

/// A member by id or by name (case-insensitive).
async fn find(core: &Core, reference: &str) -> Result<StaffMember, Error> {
    if let Ok(id) = reference.parse::<StaffId>() {
        return core.staff().get(id).await;
    }
    core.staff()
        .list(true)
        .await?
        .into_iter()
        .find(|m| m.name.eq_ignore_ascii_case(reference.trim()))
        .ok_or_else(|| Error::invalid("member", format!("No staff member is called {reference:?}.")))
}

/// The actor when one is known, for the commands a newcomer may run without one.
async fn maybe_actor(core: &Core) -> Result<Option<Actor>, Error> {
    match actor(core).await {
        Ok(a) => Ok(Some(a)),
        Err(Error::Invalid { field: "as", .. }) if ACTING_AS.get().is_none_or(|a| a.is_none()) => Ok(None),
        Err(e) => Err(e),
    }
}

pub async fn staff(core: &Core, command: StaffCommand, out: &Output) -> Result<(), Error> {
    match command {
        StaffCommand::List { all } => print_members(&core.staff().list(all).await?, out),
        StaffCommand::Add { name, role, email, phone, me } => {
            let by = maybe_actor(core).await?;
            let input = StaffInput { name, email, phone, role: role.into(), active: true };
            let m = core.staff().create(input, by.as_ref()).await?;
            if me {
                core.staff().set_me(m.id).await?;
            }
            print_members(&[m], out);
        }
        StaffCommand::Edit { member, name, role, email, phone, deactivate, activate } => {
            let by = actor(core).await?;
            let m = find(core, &member).await?;
            let input = StaffInput {
                name: name.unwrap_or(m.name),
                email: email.or(m.email),
                phone: phone.or(m.phone),
                role: role.map(Role::from).unwrap_or(m.role),
                active: if deactivate { false } else { activate || m.active },
            };
            print_members(&[core.staff().update(m.id, input, &by).await?], out);
        }
        StaffCommand::Me { member: None } => match core.staff().me().await? {
            Some(m) => print_members(&[m], out),
            None => {
                return Err(Error::invalid("me", "Nobody is this machine's user; run `staff me NAME`."));
            }
        },
        StaffCommand::Me { member: Some(member) } => {
            let m = find(core, &member).await?;
            print_members(&[core.staff().set_me(m.id).await?], out);
        }
    }
    Ok(())
}

fn print_members(members: &[StaffMember], out: &Output) {
    if out.json {
        return print_json(&members);
    }
    for m in members {
        let role = match m.role {
            Role::Admin => "admin",
            Role::Office => "office",
            Role::Technician => "technician",
        };
        let inactive = if m.active { "" } else { "  (inactive)" };
        println!("{}  {:<30} {:<10} {}{inactive}", m.id, m.name, role, m.email.as_deref().unwrap_or(""));
    }
}
