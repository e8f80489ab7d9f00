//! How the CLI prints: aligned text for people, JSON (`--json`) for scripts.

use std::process::ExitCode;

use fieldbook_core::Error;
use fieldbook_core::address::Address;
use fieldbook_core::organizations::{Organization, OrganizationDetail};
use fieldbook_core::people::Person;
use serde::Serialize;

pub struct Output {
    pub json: bool,
    /// The data dictionary's words (English, as the CLI prints) for its labels and counts.
    pub words: Words,
}

/// The dictionary's words as a sentence writes them ("organization", "client" once renamed).
pub struct Words {
    pub organization: String,
    pub organizations: String,
    pub site: String,
    pub sites: String,
    pub person: String,
    pub people: String,
    pub system: String,
    pub systems: String,
}

impl Default for Words {
    fn default() -> Self {
        let w = |s: &str| s.to_owned();
        Self {
            organization: w("organization"),
            organizations: w("organizations"),
            site: w("site"),
            sites: w("sites"),
            person: w("person"),
            people: w("people"),
            system: w("system"),
            systems: w("systems"),
        }
    }
}

impl Words {
    /// The English dictionary as the admin renamed it (the defaults if it cannot be read).
    pub async fn load(core: &fieldbook_core::Core) -> Self {
        use fieldbook_core::terms::{Language, in_sentence};
        let mut words = Self::default();
        let Ok(terms) = core.terms().list(Language::En).await else { return words };
        for t in terms {
            let (one, many) = (in_sentence(&t.singular, Language::En), in_sentence(&t.plural, Language::En));
            let slot = match t.key.as_str() {
                "organization" => (&mut words.organization, &mut words.organizations),
                "site" => (&mut words.site, &mut words.sites),
                "person" => (&mut words.person, &mut words.people),
                "system" => (&mut words.system, &mut words.systems),
                _ => continue,
            };
            (*slot.0, *slot.1) = (one, many);
        }
        words
    }
}

pub fn print_json<T: Serialize>(value: &T) {
    match serde_json::to_string_pretty(value) {
        Ok(text) => println!("{text}"),
        Err(e) => eprintln!("error: cannot print JSON: {e}"),
    }
}

fn or_dash(value: &Option<String>) -> &str {
    value.as_deref().unwrap_or("-")
}

fn address_line(a: &Address) -> String {
    let place =
        [a.postal_code.as_deref(), a.city.as_deref()].into_iter().flatten().collect::<Vec<_>>().join(" ");
    [
        a.line1.as_deref(),
        a.line2.as_deref(),
        Some(place.as_str()).filter(|p| !p.is_empty()),
        a.region.as_deref(),
        a.country.as_deref(),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(", ")
}

fn person_name(p: &Person) -> String {
    [p.first_name.as_deref(), p.last_name.as_deref()].into_iter().flatten().collect::<Vec<_>>().join(" ")
}

impl Output {
    pub fn organization(&self, org: &Organization) {
        if self.json {
            return print_json(org);
        }
        println!("{}  {}", org.id, org.name);
        println!("  account:  {}", or_dash(&org.account_number));
        if let Some(dba) = &org.dba_name {
            println!("  trading:  {dba}");
        }
        if let Some(parent) = &org.parent {
            println!("  part of:  {}", parent.name);
        }
        println!("  address:  {}", address_line(&org.address));
        println!("  phone:    {}", or_dash(&org.phone));
        println!("  email:    {}", or_dash(&org.email));
        if let Some(website) = &org.website {
            println!("  website:  {website}");
        }
        if let Some(at) = &org.archived_at {
            println!("  archived: {at}");
        }
    }

    pub fn organizations(&self, orgs: &[Organization]) {
        if self.json {
            return print_json(&orgs);
        }
        for org in orgs {
            println!(
                "{:<10}  {:<36}  {:<16}  {}{}",
                org.account_number.as_deref().unwrap_or(""),
                org.name,
                org.address.city.as_deref().unwrap_or(""),
                org.id,
                if org.archived_at.is_some() { "  (archived)" } else { "" }
            );
        }
        let w = &self.words;
        eprintln!("{} {}", orgs.len(), if orgs.len() == 1 { &w.organization } else { &w.organizations });
    }

    pub fn organization_detail(&self, detail: &OrganizationDetail) {
        if self.json {
            return print_json(detail);
        }
        self.organization(&detail.organization);
        println!("  {:<9} {}", format!("{}:", self.words.sites), detail.sites.len());
        for site in &detail.sites {
            println!("    {}  {}  {}", site.id, site.name, site.address.city.as_deref().unwrap_or(""));
        }
        println!("  {:<9} {}", format!("{}:", self.words.people), detail.people.len());
        for p in &detail.people {
            println!("    {}  {}  {}", p.id, person_name(p), p.job_title.as_deref().unwrap_or(""));
        }
    }

    pub fn person(&self, p: &Person) {
        if self.json {
            return print_json(p);
        }
        println!("{}  {}", p.id, person_name(p));
        match (&p.organization, &p.company_name) {
            (Some(org), _) => println!("  {:<13} {}", format!("{}:", self.words.organization), org.name),
            (None, Some(company)) => println!("  company:      {company} (not linked)"),
            (None, None) => {}
        }
        println!("  title:        {}", or_dash(&p.job_title));
        println!("  email:        {}", or_dash(&p.email));
        println!("  phone:        {}", or_dash(&p.phone));
        println!("  address:      {}", address_line(&p.address));
    }

    pub fn people(&self, people: &[Person]) {
        if self.json {
            return print_json(&people);
        }
        for p in people {
            let company = p.organization.as_ref().map(|o| o.name.as_str()).or(p.company_name.as_deref());
            println!(
                "{:<28}  {:<28}  {:<28}  {}{}",
                person_name(p),
                company.unwrap_or(""),
                p.email.as_deref().unwrap_or(""),
                p.id,
                if p.archived_at.is_some() { "  (archived)" } else { "" }
            );
        }
        let w = &self.words;
        eprintln!("{} {}", people.len(), if people.len() == 1 { &w.person } else { &w.people });
    }
}

#[derive(Serialize)]
struct JsonError<'a> {
    kind: &'a str,
    message: String,
    field: Option<&'a str>,
}

/// Prints `error` on stderr and returns the exit status: 2 for refused input (and actions the
/// staff member may not do), 1 otherwise.
pub fn error(error: &Error, json: bool) -> ExitCode {
    let (kind, field, status) = match error {
        Error::Invalid { field, .. } => ("invalid", Some(*field), 2),
        Error::NotFound { .. } => ("not_found", None, 2),
        Error::Keyring { .. } => ("keyring", None, 1),
        Error::Backup(_) => ("backup", None, 1),
        Error::InUse(_) => ("in_use", None, 1),
        Error::Cancelled => ("cancelled", None, 1),
        Error::Forbidden(_) => ("forbidden", None, 2),
        _ => ("internal", None, 1),
    };
    let message = error.to_string();
    if json {
        let text = serde_json::to_string(&JsonError { kind, message, field }).unwrap_or_default();
        eprintln!("{text}");
    } else {
        match field.and_then(flag_for) {
            Some(flag) => eprintln!("error: {message} (--{flag})"),
            None => eprintln!("error: {message}"),
        }
    }
    ExitCode::from(status)
}

/// The CLI option that sets a core field, for pointing at it in an error (none for what is not
/// an option, such as a passphrase read from stdin).
fn flag_for(field: &str) -> Option<String> {
    Some(match field {
        "passphrase" | "passwords" => return None,
        "account_number" => "account".into(),
        "dba_name" => "dba".into(),
        "parent_id" => "parent".into(),
        "first_name" => "first".into(),
        "last_name" => "last".into(),
        "organization_id" => "org".into(),
        "company_name" => "company".into(),
        "job_title" => "title".into(),
        "values" => "set".into(),
        "secrets" => "secret".into(),
        "system_type_id" => "type".into(),
        "callback_at" => "callback".into(),
        "body" => "text".into(),
        other => other.replace('_', "-"),
    })
}
