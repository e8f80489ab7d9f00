//! `fieldbook-cli org|person`: organizations and people — add, list, show, archive, restore —
//! and `resolve`, which every command uses to find an organization by id or account number.

use clap::{Args, Subcommand, ValueEnum};
use fieldbook_core::address::Address;
use fieldbook_core::organizations::{Organization, OrganizationFilter, OrganizationInput, OrganizationSort};
use fieldbook_core::people::{PersonFilter, PersonInput};
use fieldbook_core::{Core, Error, OrganizationId, PersonId};

use crate::output;

// Parsed once per run; the size of the largest variant costs nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Subcommand)]
pub enum OrgCommand {
    /// Add an organization (or a site, with --parent).
    Add(OrgFields),
    /// List organizations.
    List {
        /// Only those whose name, DBA name, account, city, phone or email contains this.
        #[arg(long)]
        text: Option<String>,
        /// Only those in this city.
        #[arg(long)]
        city: Option<String>,
        /// Only those with a system of this type (its name).
        #[arg(long, value_name = "TYPE")]
        system_type: Option<String>,
        /// Include archived organizations.
        #[arg(long)]
        archived: bool,
        /// Only those the acting staff member looks after (--as, else this machine's user):
        /// "My organizations", sites that inherit included.
        #[arg(long)]
        mine: bool,
        #[arg(long, value_enum, default_value_t = Sort::Name)]
        sort: Sort,
        /// At most this many (default 500).
        #[arg(long)]
        limit: Option<u32>,
    },
    /// Show one organization with its sites and people.
    Show {
        /// Its id or account number.
        org: String,
    },
    /// Change an organization: options not given stay as they are; an empty value ("") clears
    /// a field (`--parent ""` makes a site a top-level organization).
    Edit {
        /// Its id or account number.
        org: String,
        #[command(flatten)]
        fields: OrgEdit,
    },
    /// Archive an organization (hidden from lists; nothing is deleted).
    Archive {
        /// Its id or account number.
        org: String,
    },
    /// Restore an archived organization.
    Restore {
        /// Its id or account number.
        org: String,
    },
}

#[derive(Clone, Copy, ValueEnum)]
pub enum Sort {
    Name,
    Account,
    City,
}

#[derive(Args)]
pub struct OrgFields {
    #[arg(long)]
    name: String,
    /// The billing system's customer id; must be unique.
    #[arg(long)]
    account: Option<String>,
    /// Trading name.
    #[arg(long)]
    dba: Option<String>,
    /// The parent organization (id or account number): makes this a site of it.
    #[arg(long)]
    parent: Option<String>,
    #[command(flatten)]
    address: AddressArgs,
    #[arg(long)]
    phone: Option<String>,
    #[arg(long)]
    email: Option<String>,
    #[arg(long)]
    website: Option<String>,
    #[arg(long)]
    notes: Option<String>,
}

/// The fields `org edit` may change; every one optional.
#[derive(Args)]
pub struct OrgEdit {
    #[arg(long)]
    name: Option<String>,
    #[arg(long)]
    account: Option<String>,
    #[arg(long)]
    dba: Option<String>,
    #[arg(long)]
    parent: Option<String>,
    #[command(flatten)]
    address: AddressArgs,
    #[arg(long)]
    phone: Option<String>,
    #[arg(long)]
    email: Option<String>,
    #[arg(long)]
    website: Option<String>,
    #[arg(long)]
    notes: Option<String>,
}

impl AddressArgs {
    /// `current` with the given fields replaced (an empty one clears it).
    fn over(self, current: Address) -> Address {
        Address {
            line1: edited(self.line1, current.line1),
            line2: edited(self.line2, current.line2),
            city: edited(self.city, current.city),
            region: edited(self.region, current.region),
            postal_code: edited(self.postal_code, current.postal_code),
            country: edited(self.country, current.country),
        }
    }
}

/// `given` when an option was given ("" clears), else `was`.
fn edited(given: Option<String>, was: Option<String>) -> Option<String> {
    match given {
        Some(v) if v.trim().is_empty() => None,
        Some(v) => Some(v),
        None => was,
    }
}

#[derive(Args)]
pub struct AddressArgs {
    #[arg(long)]
    line1: Option<String>,
    #[arg(long)]
    line2: Option<String>,
    #[arg(long)]
    city: Option<String>,
    #[arg(long)]
    region: Option<String>,
    #[arg(long)]
    postal_code: Option<String>,
    #[arg(long)]
    country: Option<String>,
}

impl From<AddressArgs> for Address {
    fn from(a: AddressArgs) -> Self {
        Address {
            line1: a.line1,
            line2: a.line2,
            city: a.city,
            region: a.region,
            postal_code: a.postal_code,
            country: a.country,
        }
    }
}

// Parsed once per run; the size of the largest variant costs nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Subcommand)]
pub enum PersonCommand {
    /// Add a person. Address options override the organization's; the rest is inherited.
    Add {
        #[arg(long)]
        first: Option<String>,
        #[arg(long)]
        last: Option<String>,
        /// Link to this organization (id or account number).
        #[arg(long)]
        org: Option<String>,
        /// A free-text company name, for a person not linked to an organization.
        #[arg(long, conflicts_with = "org")]
        company: Option<String>,
        #[arg(long)]
        title: Option<String>,
        #[arg(long)]
        department: Option<String>,
        #[arg(long)]
        location: Option<String>,
        #[arg(long)]
        phone: Option<String>,
        #[arg(long)]
        mobile: Option<String>,
        #[arg(long)]
        email: Option<String>,
        #[command(flatten)]
        address: AddressArgs,
    },
    /// Change a person: options not given stay as they are; an empty value ("") clears a
    /// field (`--org ""` unlinks them; an address field cleared is inherited again).
    Edit {
        /// Their id.
        person: String,
        #[arg(long)]
        first: Option<String>,
        #[arg(long)]
        last: Option<String>,
        /// Link to this organization (id or account number).
        #[arg(long)]
        org: Option<String>,
        #[arg(long)]
        company: Option<String>,
        #[arg(long)]
        title: Option<String>,
        #[arg(long)]
        department: Option<String>,
        #[arg(long)]
        location: Option<String>,
        #[arg(long)]
        phone: Option<String>,
        #[arg(long)]
        mobile: Option<String>,
        #[arg(long)]
        email: Option<String>,
        #[command(flatten)]
        address: AddressArgs,
    },
    /// List people.
    List {
        /// Only those whose name, email, phone, title, department or company contains this.
        #[arg(long)]
        text: Option<String>,
        /// Only the people of this organization (id or account number).
        #[arg(long)]
        org: Option<String>,
        /// Include archived people.
        #[arg(long)]
        archived: bool,
        #[arg(long)]
        limit: Option<u32>,
    },
}

/// Finds an organization by id or, failing that, by account number.
pub(crate) async fn resolve(core: &Core, reference: &str) -> Result<Organization, Error> {
    if let Ok(id) = reference.parse::<OrganizationId>() {
        return core.organizations().get(id).await;
    }
    core.organizations().by_account_number(reference).await.map_err(|e| match e {
        Error::NotFound { .. } => {
            Error::invalid("org", format!("No organization has the id or account number {reference:?}."))
        }
        other => other,
    })
}

pub async fn org(core: &Core, command: OrgCommand, out: &output::Output) -> Result<(), Error> {
    match command {
        OrgCommand::Add(f) => {
            let parent_id = match f.parent {
                Some(p) => Some(resolve(core, &p).await?.id),
                None => None,
            };
            let input = OrganizationInput {
                account_number: f.account,
                name: f.name,
                dba_name: f.dba,
                parent_id,
                address: f.address.into(),
                phone: f.phone,
                email: f.email,
                website: f.website,
                notes: f.notes,
                custom: None,
            };
            out.organization(&core.organizations().create(input, vec![]).await?);
        }
        OrgCommand::List { text, city, system_type, archived, mine, sort, limit } => {
            let system_type_id = match system_type {
                Some(name) => Some(
                    core.system_types()
                        .by_name(&name)
                        .await
                        .map_err(|e| match e {
                            Error::NotFound { .. } => {
                                Error::invalid("system_type", format!("No system type is called {name:?}."))
                            }
                            other => other,
                        })?
                        .id,
                ),
                None => None,
            };
            let sort = match sort {
                Sort::Name => OrganizationSort::Name,
                Sort::Account => OrganizationSort::AccountNumber,
                Sort::City => OrganizationSort::City,
            };
            let member_id = if mine { Some(crate::staff::actor(core).await?.id) } else { None };
            let filter = OrganizationFilter {
                text,
                city,
                system_type_id,
                member_id,
                include_archived: archived,
                sort,
                limit,
                offset: None,
                custom: vec![],
            };
            out.organizations(&core.organizations().list(filter).await?);
        }
        OrgCommand::Show { org } => {
            let id = resolve(core, &org).await?.id;
            out.organization_detail(&core.organizations().detail(id).await?);
        }
        OrgCommand::Edit { org, fields: f } => {
            let current = resolve(core, &org).await?;
            let parent_id = match f.parent.as_deref().map(str::trim) {
                Some("") => None,
                Some(p) => Some(resolve(core, p).await?.id),
                None => current.parent.as_ref().map(|p| p.id),
            };
            let input = OrganizationInput {
                account_number: edited(f.account, current.account_number),
                name: f.name.unwrap_or(current.name),
                dba_name: edited(f.dba, current.dba_name),
                parent_id,
                address: f.address.over(current.address),
                phone: edited(f.phone, current.phone),
                email: edited(f.email, current.email),
                website: edited(f.website, current.website),
                notes: edited(f.notes, current.notes),
                custom: None,
            };
            out.organization(&core.organizations().update(current.id, input).await?);
        }
        OrgCommand::Archive { org } => {
            let id = resolve(core, &org).await?.id;
            out.organization(&core.organizations().archive(id).await?);
        }
        OrgCommand::Restore { org } => {
            let id = resolve(core, &org).await?.id;
            out.organization(&core.organizations().restore(id).await?);
        }
    }
    Ok(())
}

pub async fn person(core: &Core, command: PersonCommand, out: &output::Output) -> Result<(), Error> {
    match command {
        PersonCommand::Add {
            first,
            last,
            org,
            company,
            title,
            department,
            location,
            phone,
            mobile,
            email,
            address,
        } => {
            let organization_id = match org {
                Some(o) => Some(resolve(core, &o).await?.id),
                None => None,
            };
            let input = PersonInput {
                first_name: first,
                last_name: last,
                job_title: title,
                department,
                location,
                phone,
                mobile,
                email,
                organization_id,
                company_name: company,
                address_override: address.into(),
                custom: None,
            };
            out.person(&core.people().create(input).await?);
        }
        PersonCommand::Edit {
            person,
            first,
            last,
            org,
            company,
            title,
            department,
            location,
            phone,
            mobile,
            email,
            address,
        } => {
            let id = person
                .parse::<PersonId>()
                .map_err(|_| Error::invalid("person", format!("{person:?} is not a person's id.")))?;
            let current = core.people().get(id).await?;
            let organization_id = match org.as_deref().map(str::trim) {
                Some("") => None,
                Some(o) => Some(resolve(core, o).await?.id),
                None => current.organization.as_ref().map(|o| o.id),
            };
            let input = PersonInput {
                first_name: edited(first, current.first_name),
                last_name: edited(last, current.last_name),
                job_title: edited(title, current.job_title),
                department: edited(department, current.department),
                location: edited(location, current.location),
                phone: edited(phone, current.phone),
                mobile: edited(mobile, current.mobile),
                email: edited(email, current.email),
                organization_id,
                company_name: edited(company, current.company_name),
                address_override: address.over(current.address_override),
                custom: None,
            };
            out.person(&core.people().update(id, input).await?);
        }
        PersonCommand::List { text, org, archived, limit } => {
            let organization_id = match org {
                Some(o) => Some(resolve(core, &o).await?.id),
                None => None,
            };
            let filter = PersonFilter {
                text,
                organization_id,
                custom: vec![],
                include_archived: archived,
                limit,
                offset: None,
            };
            out.people(&core.people().list(filter).await?);
        }
    }
    Ok(())
}
