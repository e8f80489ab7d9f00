//! A realistic demo data set for demos and benchmarks: organizations (a third of them with
//! sites), their people, systems and notes, with names from several languages (so search has
//! accents to fold). Deterministic for a given seed. Written in large transactions straight
//! through SQL — a million notes one `create` at a time would take an hour of fsyncs — with the
//! same search triggers firing as for any other change.

mod billing;
mod service;

pub use billing::BillingCounts;
use serde::Serialize;
pub use service::ServiceCounts;

use crate::db::Db;
use crate::text::name_key;
use crate::{
    ActivityId, ChoiceId, CommentId, FieldId, MemberId, NoteId, OrganizationId, PersonId, Result, StaffId,
    StreamEntryId, SystemId, SystemTypeId,
};

/// What was generated.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct DemoCounts {
    pub organizations: u64,
    pub people: u64,
    pub systems: u64,
    pub notes: u64,
    /// Stream entries: one per note, and the posts.
    pub stream_entries: u64,
    pub activities: u64,
}

/// The demo staff (name, role), created once.
const STAFF: &[(&str, &str)] = &[
    ("Alex Morgan", "admin"),
    ("Sam Patel", "admin"),
    ("Jo Fischer", "office"),
    ("Maria Rossi", "office"),
    ("Tom Becker", "office"),
    ("Nina Kowalski", "office"),
    ("Lars Holm", "technician"),
    ("Eva Novak", "technician"),
    ("Omar Haddad", "technician"),
    ("Kate Walsh", "technician"),
    ("Piotr Zielinski", "technician"),
    ("Chloe Martin", "technician"),
];

const POSTS: &[&str] = &[
    "Renewal is due in the spring; they want a quote for new laptops first.",
    "Spoke to the office manager: the server room door code changes monthly now.",
    "They are moving to the new building in the summer; plan the network survey.",
    "Happy with the last visit. Asked about managed backups.",
    "New finance director started; introduce ourselves at the next review.",
];

/// Rows per transaction: big enough to amortise the fsync, small enough to keep the WAL modest.
const BATCH: u64 = 2_000;

const FIRST: &[&str] = &[
    "Harbour",
    "Northern",
    "Acme",
    "Alpine",
    "Baltic",
    "Cedar",
    "Coastal",
    "Crown",
    "Delta",
    "Eastside",
    "Emerald",
    "Falcon",
    "Granite",
    "Highland",
    "Horizon",
    "Iron",
    "Juniper",
    "Keystone",
    "Lakeside",
    "Maple",
    "Meridian",
    "Millbrook",
    "Müller",
    "Schröder",
    "Łódź",
    "Ελληνική",
    "Москва",
    "Nordic",
    "Oak",
    "Orchard",
    "Pacific",
    "Pinnacle",
    "Quarry",
    "Redwood",
    "Riverside",
    "Sapphire",
    "Silver",
    "Summit",
    "Thames",
    "Union",
    "Valley",
    "Westfield",
    "Willow",
    "Zürich",
    "Café",
    "Garçon",
    "Øresund",
    "Sunrise",
];
const SECOND: &[&str] = &[
    "Dental",
    "Logistics",
    "Bakery",
    "Engineering",
    "Architects",
    "Veterinary",
    "Pharmacy",
    "Legal",
    "Accounting",
    "Motors",
    "Print",
    "Hotel",
    "Clinic",
    "Haustechnik",
    "Serwis",
    "Builders",
    "Insurance",
    "Consulting",
    "Foods",
    "Transport",
    "Opticians",
    "Studio",
    "Brewery",
    "Surgery",
    "School",
];
const SUFFIX: &[&str] = &["Ltd", "GmbH", "LLC", "Inc", "& Co", "", "", "Sp. z o.o.", "AG", "plc"];
const CITIES: &[&str] = &[
    "Leeds",
    "York",
    "Manchester",
    "Bristol",
    "Glasgow",
    "Cardiff",
    "Belfast",
    "Zürich",
    "Münster",
    "Köln",
    "München",
    "Łódź",
    "Kraków",
    "Wrocław",
    "Athens",
    "Thessaloniki",
    "Москва",
    "Lyon",
    "Nantes",
    "Malmö",
    "Göteborg",
    "Århus",
    "Porto",
    "São Paulo",
    "Dublin",
    "Cork",
    "Oslo",
    "Bergen",
    "Gdańsk",
    "Brno",
];
const FIRST_NAMES: &[&str] = &[
    "Ann",
    "Ben",
    "Clara",
    "Dmitri",
    "Eleni",
    "François",
    "Grzegorz",
    "Hanna",
    "Ingrid",
    "Jürgen",
    "Kofi",
    "Lena",
    "Mateusz",
    "Nadia",
    "Oscar",
    "Priya",
    "Quentin",
    "Rosa",
    "Søren",
    "Tomás",
    "Ursula",
    "Viktor",
    "Wen",
    "Xavier",
    "Yara",
    "Zoë",
    "Björn",
    "Chloé",
    "Dagmar",
    "Émile",
];
const LAST_NAMES: &[&str] = &[
    "Archer",
    "Müller",
    "Schröder",
    "Kowalski",
    "Papadopoulos",
    "Ivanova",
    "Dubois",
    "Nørgaard",
    "García",
    "O'Brien",
    "Smith",
    "Jones",
    "Nowak",
    "Wiśniewska",
    "Fischer",
    "Weber",
    "Rossi",
    "Bianchi",
    "Jensen",
    "Larsen",
    "Silva",
    "Santos",
    "Murphy",
    "Kelly",
    "Novák",
    "Dvořák",
    "Berg",
    "Lund",
    "Young",
    "Chen",
];
const TITLES: &[&str] = &[
    "Office manager",
    "Practice manager",
    "Director",
    "IT contact",
    "Accountant",
    "Receptionist",
    "Owner",
    "Site lead",
    "Facilities",
    "Operations manager",
];
const NOTE_PHRASES: &[&str] = &[
    "Called about the printer jam on the second floor",
    "Replaced the UPS battery in the server cupboard",
    "Alarm code changed, ask the office manager",
    "Renewal of the support contract due next quarter",
    "Backup job failed twice this week, checked the NAS",
    "Firewall firmware updated to the latest version",
    "New starter needs a laptop and an email account",
    "Wi-Fi dead spot in the meeting room, moved the access point",
    "Invoice query about last month's call-out",
    "Site visit booked, bring the spare switch",
    "Password for the guest network rotated",
    "Customer happy with the new phone system",
];
/// The demo system types: (name, fields as (label, kind)).
const TYPES: &[(&str, &[(&str, &str)])] = &[
    (
        "Router",
        &[
            ("IP address", "ip_address"),
            ("Admin URL", "url"),
            ("Login", "text"),
            ("Admin password", "secret"),
            ("Firmware", "version"),
        ],
    ),
    (
        "Server",
        &[
            ("Hostname", "text"),
            ("IP address", "ip_address"),
            ("OS version", "version"),
            ("Root password", "secret"),
        ],
    ),
    ("Printer", &[("Model", "text"), ("IP address", "ip_address")]),
    (
        "NAS",
        &[
            ("IP address", "ip_address"),
            ("Capacity TB", "number"),
            ("Installed", "date"),
            ("Admin password", "secret"),
        ],
    ),
];

/// Systems whose secret fields the demo fills (in the OS keyring, through the same path as the
/// app): enough to show and reveal, few enough for a keyring.
pub const DEMO_SECRETS: u64 = 25;

/// The ASCII letters of a name, lower case, for an email address.
fn ascii(name: &str) -> String {
    name.chars().filter(char::is_ascii_alphabetic).collect::<String>().to_lowercase()
}

/// A small deterministic generator (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

/// The demo generator.
pub struct Demo<'a> {
    db: &'a Db,
    secrets: &'a std::sync::Arc<dyn crate::secrets::SecretStore>,
}

impl<'a> Demo<'a> {
    pub(crate) fn new(db: &'a Db, secrets: &'a std::sync::Arc<dyn crate::secrets::SecretStore>) -> Self {
        Self { db, secrets }
    }

    /// Stores made-up passwords for the secret fields of the first `count` systems that have
    /// any and none stored yet — in the OS keyring, the database holding only the reference, each
    /// set recorded in the secret audit trail by the demo's first admin, as when a user types one.
    /// Returns how many secrets were stored. Fails (with the keyring's sentence) when no keyring
    /// is usable; what was stored before stays.
    pub async fn secrets(&self, count: u64, seed: u64) -> Result<u64> {
        let mut rng = Rng(seed.rotate_left(17) | 1);
        let (id, name): (StaffId, String) = sqlx::query_as(
            "SELECT id, name FROM staff WHERE role = 'admin' AND active = 1 ORDER BY created_at, id LIMIT 1",
        )
        .fetch_one(self.db.reader())
        .await?;
        let actor = &crate::staff::Actor { id, name, role: crate::staff::Role::Admin };
        let ids: Vec<crate::SystemId> = sqlx::query_scalar(
            "SELECT s.id FROM systems s
             WHERE s.archived_at IS NULL
               AND EXISTS (SELECT 1 FROM system_type_fields f
                           WHERE f.system_type_id = s.system_type_id AND f.kind = 'secret')
               AND NOT EXISTS (SELECT 1 FROM secrets x WHERE x.system_id = s.id)
             ORDER BY s.id LIMIT ?",
        )
        .bind(count as i64)
        .fetch_all(self.db.reader())
        .await?;
        let systems = crate::systems::Systems::new(self.db, self.secrets);
        let mut stored = 0;
        for id in ids {
            let system = systems.get(id).await?;
            let mut input = crate::systems::SystemInput {
                organization_id: system.organization.id,
                system_type_id: system.system_type_id,
                name: system.name.clone(),
                notes: system.notes.clone(),
                values: Vec::new(),
                secrets: Vec::new(),
            };
            for f in &system.fields {
                if f.field.kind == crate::system_types::FieldKind::Secret {
                    let words = ["Harbour", "Cedar", "Falcon", "Juniper", "Granite", "Willow"];
                    let value = format!(
                        "{}-{}-{:04}!",
                        words[rng.below(words.len() as u64) as usize],
                        words[rng.below(words.len() as u64) as usize].to_lowercase(),
                        rng.below(10_000)
                    );
                    input
                        .secrets
                        .push(crate::systems::SecretChange { field_id: f.field.id, value: Some(value) });
                    stored += 1;
                } else if let Some(value) = &f.value {
                    input
                        .values
                        .push(crate::systems::FieldValue { field_id: f.field.id, value: value.clone() });
                }
            }
            systems.update(id, input, actor).await?;
        }
        Ok(stored)
    }

    /// Adds `organizations` organizations (sites included in the count) with about 3 people,
    /// 10 notes (each in the stream, by a staff member) and 1 system each; most have a staff
    /// member looking after them and a planned activity, some a post with a comment. `progress` is called after each batch with the organizations
    /// done so far.
    pub async fn generate(
        &self,
        organizations: u64,
        seed: u64,
        mut progress: impl FnMut(u64),
    ) -> Result<DemoCounts> {
        let mut rng = Rng(seed | 1);
        let types = self.system_types().await?;
        let staff = self.staff().await?;
        // The seeded lists (fixed ids, migration 0012).
        let manager: ChoiceId = "019ad000-0000-7000-8000-000000000001".parse().map_err(invalid_seed)?;
        let technician: ChoiceId = "019ad000-0000-7000-8000-000000000002".parse().map_err(invalid_seed)?;
        let activity_types: Vec<ChoiceId> = (0x21..=0x25)
            .map(|n| format!("019ad000-0000-7000-8000-0000000000{n:02x}").parse().map_err(invalid_seed))
            .collect::<Result<_>>()?;
        // Activities fall from 30 days ago to 60 days ahead of today.
        let today: String =
            sqlx::query_scalar("SELECT date('now', 'localtime')").fetch_one(self.db.reader()).await?;
        let mut counts = DemoCounts::default();
        let mut parent: Option<OrganizationId> = None;
        let mut sites_left = 0u64;
        let mut done = 0u64;
        while done < organizations {
            let mut tx = self.db.begin_write().await?;
            let end = (done + BATCH).min(organizations);
            while done < end {
                let index = done;
                done += 1;
                let org_id = OrganizationId::new();
                let city = rng.pick(CITIES);
                let (name, parent_id) = if sites_left > 0 {
                    sites_left -= 1;
                    (format!("{} – {city}", rng.pick(FIRST)), parent)
                } else {
                    let suffix = rng.pick(SUFFIX);
                    let name = format!("{} {} {suffix}", rng.pick(FIRST), rng.pick(SECOND)).trim().to_owned();
                    if rng.chance(30) {
                        sites_left = 1 + rng.below(3);
                        parent = Some(org_id);
                    }
                    (name, None)
                };
                let phone =
                    format!("+44 1{:02} {:03} {:04}", rng.below(100), rng.below(1000), rng.below(10_000));
                let domain: String = name
                    .chars()
                    .filter(char::is_ascii_alphanumeric)
                    .take(16)
                    .collect::<String>()
                    .to_lowercase();
                sqlx::query(
                    "INSERT INTO organizations (id, account_number, name, name_key, parent_id, address_line1, city,
                        postal_code, country, phone, email, website, created_at, updated_at)
                     VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'United Kingdom', ?, ?, ?,
                        strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))",
                )
                .bind(org_id)
                .bind(format!("D{index:07}"))
                .bind(&name)
                .bind(name_key(&name))
                .bind(parent_id)
                .bind(format!("{} High Street", 1 + rng.below(200)))
                .bind(city)
                .bind(format!("LS{} {}AB", 1 + rng.below(30), rng.below(10)))
                .bind(&phone)
                .bind(format!("office@{domain}.example"))
                .bind(format!("https://{domain}.example"))
                .execute(&mut *tx)
                .await?;
                counts.organizations += 1;

                for _ in 0..(1 + rng.below(5)) {
                    let (first, last) = (rng.pick(FIRST_NAMES), rng.pick(LAST_NAMES));
                    sqlx::query(
                        "INSERT INTO people (id, first_name, last_name, job_title, phone, email, organization_id,
                            created_at, updated_at)
                         VALUES (?, ?, ?, ?, ?, ?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
                            strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))",
                    )
                    .bind(PersonId::new())
                    .bind(first)
                    .bind(last)
                    .bind(rng.pick(TITLES))
                    .bind(format!("07700 9{:05}", rng.below(100_000)))
                    .bind(format!("{}.{}@{domain}.example", ascii(first), ascii(last)))
                    .bind(org_id)
                    .execute(&mut *tx)
                    .await?;
                    counts.people += 1;
                }

                if rng.chance(80) {
                    let (type_id, fields) = &types[rng.below(types.len() as u64) as usize];
                    let system_id = SystemId::new();
                    sqlx::query(
                        "INSERT INTO systems (id, organization_id, system_type_id, name, created_at, updated_at)
                         VALUES (?, ?, ?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
                            strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))",
                    )
                    .bind(system_id)
                    .bind(org_id)
                    .bind(type_id)
                    .bind(format!("{}-{:03}", city.chars().take(3).collect::<String>().to_uppercase(), rng.below(1000)))
                    .execute(&mut *tx)
                    .await?;
                    for (field_id, kind) in fields {
                        let value = match kind.as_str() {
                            "ip_address" => {
                                format!("10.{}.{}.{}", rng.below(256), rng.below(256), 1 + rng.below(254))
                            }
                            "url" => format!("http://10.{}.{}.1", rng.below(256), rng.below(256)),
                            "version" => format!("{}.{}.{}", 1 + rng.below(9), rng.below(20), rng.below(50)),
                            "number" => (1 + rng.below(64)).to_string(),
                            "date" => format!(
                                "20{:02}-{:02}-{:02}",
                                15 + rng.below(11),
                                1 + rng.below(12),
                                1 + rng.below(28)
                            ),
                            _ => format!("{}{}", rng.pick(&["admin", "fw", "srv", "prn"]), rng.below(100)),
                        };
                        sqlx::query(
                            "INSERT INTO system_values (system_id, field_id, value) VALUES (?, ?, ?)",
                        )
                        .bind(system_id)
                        .bind(field_id)
                        .bind(value)
                        .execute(&mut *tx)
                        .await?;
                    }
                    counts.systems += 1;
                }

                for _ in 0..(5 + rng.below(11)) {
                    let urgent = rng.chance(3);
                    let (author_id, author) = &staff[rng.below(staff.len() as u64) as usize];
                    let note_id = NoteId::new();
                    let body = format!("{} ({})", rng.pick(NOTE_PHRASES), rng.pick(FIRST_NAMES));
                    let callback = rng.chance(2).then(|| {
                        let day =
                            crate::dates::add_days(&today, rng.below(20) as i64 - 5).unwrap_or_default();
                        format!("{day}T{:02}:{:02}", 8 + rng.below(10), 15 * rng.below(4))
                    });
                    sqlx::query(
                        "INSERT INTO notes (id, organization_id, body, author, author_id, urgent, callback_at,
                            created_at, updated_at)
                         VALUES (?, ?, ?, ?, ?, ?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
                            strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))",
                    )
                    .bind(note_id)
                    .bind(org_id)
                    .bind(&body)
                    .bind(author)
                    .bind(author_id)
                    .bind(urgent)
                    .bind(callback)
                    .execute(&mut *tx)
                    .await?;
                    counts.notes += 1;
                    stream_entry(&mut tx, org_id, "note", *author_id, &body, Some(note_id.uuid())).await?;
                    counts.stream_entries += 1;
                }

                // Who looks after it (sites mostly inherit), a post now and then, an activity.
                if parent_id.is_none() && rng.chance(70) {
                    let (who, _) = &staff[rng.below(staff.len() as u64) as usize];
                    member(&mut tx, org_id, *who, manager).await?;
                    if rng.chance(30) {
                        let (tech, _) = &staff[6 + rng.below(6) as usize];
                        member(&mut tx, org_id, *tech, technician).await?;
                    }
                }
                if rng.chance(30) {
                    let (by, _) = &staff[rng.below(staff.len() as u64) as usize];
                    let entry = stream_entry(&mut tx, org_id, "post", *by, rng.pick(POSTS), None).await?;
                    counts.stream_entries += 1;
                    let (other, _) = &staff[rng.below(staff.len() as u64) as usize];
                    sqlx::query(
                        "INSERT INTO stream_comments (id, entry_id, actor_id, body, at)
                         VALUES (?, ?, ?, 'Thanks — noted.', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))",
                    )
                    .bind(CommentId::new())
                    .bind(entry)
                    .bind(other)
                    .execute(&mut *tx)
                    .await?;
                }
                if rng.chance(70) {
                    let day = crate::dates::add_days(&today, rng.below(91) as i64 - 30).unwrap_or_default();
                    let assignee = (!rng.chance(10)).then(|| staff[rng.below(staff.len() as u64) as usize].0);
                    let done = day < today && rng.chance(60);
                    sqlx::query(
                        "INSERT INTO activities (id, organization_id, type_id, subject, due_at, assignee_id, status,
                            outcome, created_by, closed_at, created_at, updated_at)
                         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, CASE WHEN ? THEN strftime('%Y-%m-%dT%H:%M:%fZ', 'now') END,
                            strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))",
                    )
                    .bind(ActivityId::new())
                    .bind(org_id)
                    .bind(activity_types[rng.below(activity_types.len() as u64) as usize])
                    .bind(rng.pick(&["Annual review", "Site visit", "Check the backups", "Renewal call", "Swap the UPS battery"]))
                    .bind(format!("{day}T{:02}:{:02}", 8 + rng.below(10), 15 * rng.below(4)))
                    .bind(assignee)
                    .bind(if done { "done" } else { "planned" })
                    .bind(done.then_some("Done as planned."))
                    .bind(staff[0].0)
                    .bind(done)
                    .execute(&mut *tx)
                    .await?;
                    counts.activities += 1;
                }
            }
            tx.commit().await?;
            progress(done);
        }
        Ok(counts)
    }

    /// The demo staff, created once (by name); returns (id, name) in [`STAFF`] order.
    async fn staff(&self) -> Result<Vec<(StaffId, String)>> {
        let mut out = Vec::new();
        let mut tx = self.db.begin_write().await?;
        for (name, role) in STAFF {
            let existing: Option<StaffId> =
                sqlx::query_scalar("SELECT id FROM staff WHERE lower(trim(name)) = lower(?)")
                    .bind(name)
                    .fetch_optional(&mut *tx)
                    .await?;
            let id = match existing {
                Some(id) => id,
                None => {
                    let id = StaffId::new();
                    sqlx::query(
                        "INSERT INTO staff (id, name, email, role, active, created_at, updated_at)
                         VALUES (?, ?, ?, ?, 1, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))",
                    )
                    .bind(id)
                    .bind(name)
                    .bind(format!("{}@ourcompany.example", ascii(name)))
                    .bind(role)
                    .execute(&mut *tx)
                    .await?;
                    id
                }
            };
            out.push((id, (*name).to_owned()));
        }
        tx.commit().await?;
        Ok(out)
    }

    /// The demo system types, created once.
    async fn system_types(&self) -> Result<Vec<(SystemTypeId, Vec<(FieldId, String)>)>> {
        let mut out = Vec::new();
        let mut tx = self.db.begin_write().await?;
        for (name, fields) in TYPES {
            let existing: Option<SystemTypeId> =
                sqlx::query_scalar("SELECT id FROM system_types WHERE name = ? COLLATE NOCASE")
                    .bind(name)
                    .fetch_optional(&mut *tx)
                    .await?;
            let type_id = match existing {
                Some(id) => id,
                None => {
                    let id = SystemTypeId::new();
                    sqlx::query(
                        "INSERT INTO system_types (id, name, created_at, updated_at)
                         VALUES (?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))",
                    )
                    .bind(id)
                    .bind(name)
                    .execute(&mut *tx)
                    .await?;
                    for (position, (label, kind)) in fields.iter().enumerate() {
                        sqlx::query(
                            "INSERT INTO system_type_fields (id, system_type_id, position, label, kind, required,
                                created_at, updated_at)
                             VALUES (?, ?, ?, ?, ?, 0, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
                                strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))",
                        )
                        .bind(FieldId::new())
                        .bind(id)
                        .bind(position as i64)
                        .bind(label)
                        .bind(kind)
                        .execute(&mut *tx)
                        .await?;
                    }
                    id
                }
            };
            let fields: Vec<(FieldId, String)> = sqlx::query_as(
                "SELECT id, kind FROM system_type_fields WHERE system_type_id = ? AND kind <> 'secret'
                 ORDER BY position",
            )
            .bind(type_id)
            .fetch_all(&mut *tx)
            .await?;
            out.push((type_id, fields));
        }
        tx.commit().await?;
        Ok(out)
    }
}

fn invalid_seed(e: uuid::Error) -> crate::Error {
    crate::Error::Db(sqlx::Error::Protocol(format!("a seeded list id does not parse: {e}")))
}

async fn stream_entry(
    conn: &mut sqlx::SqliteConnection,
    org: OrganizationId,
    kind: &str,
    actor: StaffId,
    body: &str,
    ref_id: Option<uuid::Uuid>,
) -> Result<StreamEntryId> {
    let id = StreamEntryId::new();
    sqlx::query(
        "INSERT INTO stream_entries (id, organization_id, kind, actor_id, body, ref_id, at)
         VALUES (?, ?, ?, ?, ?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))",
    )
    .bind(id)
    .bind(org)
    .bind(kind)
    .bind(actor)
    .bind(body)
    .bind(ref_id)
    .execute(&mut *conn)
    .await?;
    Ok(id)
}

async fn member(
    conn: &mut sqlx::SqliteConnection,
    org: OrganizationId,
    staff: StaffId,
    role: ChoiceId,
) -> Result<()> {
    sqlx::query(
        "INSERT OR IGNORE INTO organization_members (id, organization_id, staff_id, role_id, created_at, updated_at)
         VALUES (?, ?, ?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))",
    )
    .bind(MemberId::new())
    .bind(org)
    .bind(staff)
    .bind(role)
    .execute(&mut *conn)
    .await?;
    Ok(())
}
