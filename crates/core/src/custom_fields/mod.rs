//! Custom fields: facts an admin adds to organizations, people, tickets and contracts (contract
//! tier, alarm code location, preferred courier …). A field keeps its id through renames,
//! reordering and kind changes, so what was entered stays; a kind change is refused while any
//! value would not fit; removing a field that has values archives it (its values are kept and
//! come back with it).
//!
//! Values are saved with their record, in the record's transaction: the record's input carries
//! them (`custom: Some(…)`), and `None` leaves them as they are (an import, a move). A required
//! field is asked for when a record is created or edited through a form that shows it; records
//! that existed before the field became required stay valid until then.

mod values;

use serde::{Deserialize, Serialize};
use sqlx::{Row, SqliteConnection};
use ts_rs::TS;

pub use values::canonical;
pub(crate) use values::{count_holders, dense, push_filters, save_values, values_of};

use crate::db::Db;
use crate::messages::msg;
use crate::staff::Actor;
use crate::{CustomFieldId, Error, Result};

/// The kinds of record that take custom fields (systems have typed fields per system type).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, TS, sqlx::Type)]
#[serde(rename_all = "snake_case")]
#[sqlx(rename_all = "snake_case")]
pub enum CustomRecord {
    Organization,
    Person,
    Ticket,
    Contract,
}

impl CustomRecord {
    pub const ALL: [CustomRecord; 4] = [Self::Organization, Self::Person, Self::Ticket, Self::Contract];

    /// "organization", "person" …: for sentences.
    pub fn singular(self) -> &'static str {
        match self {
            Self::Organization => "organization",
            Self::Person => "person",
            Self::Ticket => "ticket",
            Self::Contract => "contract",
        }
    }

    /// "organizations", "people" …: for sentences.
    pub fn plural(self) -> &'static str {
        match self {
            Self::Organization => "organizations",
            Self::Person => "people",
            Self::Ticket => "tickets",
            Self::Contract => "contracts",
        }
    }

    /// "1 organization", "12 people".
    pub fn count(self, n: u64) -> String {
        format!("{n} {}", if n == 1 { self.singular() } else { self.plural() })
    }

    /// The data dictionary's placeholder for these records inside a sentence ("{organizations}"),
    /// given to `msg` as a value: `msg` fills the values in first, then the dictionary's words,
    /// so the sentence says the admin's word ("clients").
    pub(crate) fn term(self) -> &'static str {
        match self {
            Self::Organization => "{organizations}",
            Self::Person => "{people}",
            Self::Ticket => "{tickets}",
            Self::Contract => "{contracts}",
        }
    }

    /// [`Self::term`] at a sentence's start ("{Organizations}").
    fn term_capitalised(self) -> &'static str {
        match self {
            Self::Organization => "{Organizations}",
            Self::Person => "{People}",
            Self::Ticket => "{Tickets}",
            Self::Contract => "{Contracts}",
        }
    }

    /// [`Self::count`] with the dictionary's placeholders ("1 {organization}", "12 {people}").
    fn term_count(self, n: u64) -> String {
        let one = match self {
            Self::Organization => "{organization}",
            Self::Person => "{person}",
            Self::Ticket => "{ticket}",
            Self::Contract => "{contract}",
        };
        format!("{n} {}", if n == 1 { one } else { self.term() })
    }

    /// The labels of the record's own fields, which a custom field may not take (compared by
    /// [`label_key`]): a form or an import mapping would show two fields of one name.
    pub fn built_in_labels(self) -> &'static [&'static str] {
        const ADDRESS: [&str; 9] = [
            "Address",
            "Street",
            "Address line 1",
            "Address line 2",
            "City",
            "Region",
            "State",
            "Postal code",
            "Country",
        ];
        match self {
            Self::Organization => &[
                "Name",
                "Account number",
                "DBA name",
                "Doing business as",
                "Parent",
                "Parent organization",
                "Phone",
                "Email",
                "Website",
                "Notes",
                "Logo",
                "Parent account",
                "Archived",
                ADDRESS[0],
                ADDRESS[1],
                ADDRESS[2],
                ADDRESS[3],
                ADDRESS[4],
                ADDRESS[5],
                ADDRESS[6],
                ADDRESS[7],
                ADDRESS[8],
            ],
            Self::Person => &[
                "Name",
                "Full name",
                "First name",
                "Last name",
                "Job title",
                "Department",
                "Location",
                "Phone",
                "Mobile",
                "Email",
                "Organization",
                "Company",
                "Company account number",
                "Archived",
                ADDRESS[0],
                ADDRESS[1],
                ADDRESS[2],
                ADDRESS[3],
                ADDRESS[4],
                ADDRESS[5],
                ADDRESS[6],
                ADDRESS[7],
                ADDRESS[8],
            ],
            Self::Ticket => &[
                "Number",
                "Subject",
                "Description",
                "Status",
                "Priority",
                "Assignee",
                "Assigned to",
                "Due",
                "Due date",
                "Organization",
                "Contact",
                "SLA",
                "Contract",
                "Rate",
                "Time",
                "Requester",
                "Department",
                "Location",
                "Phone",
                "Email",
                "System",
            ],
            Self::Contract => &[
                "Name",
                "Kind",
                "Status",
                "Start",
                "Start date",
                "End",
                "End date",
                "Renewal",
                "Organization",
                "SLA",
                "Notes",
                "Value",
                "Hours",
                "Starts",
                "Ends",
                "Notice period",
                "Billing cycle",
                "Covers",
            ],
        }
    }
}

/// What a custom field holds; it decides how a value is checked, stored and shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS, sqlx::Type)]
#[serde(rename_all = "snake_case")]
#[sqlx(rename_all = "snake_case")]
pub enum CustomKind {
    Text,
    Multiline,
    Number,
    /// YYYY-MM-DD.
    Date,
    /// "yes" or "no".
    YesNo,
    /// One of the field's options.
    Choice,
    /// A web address, opened in the browser.
    Url,
    Email,
    Phone,
}

impl CustomKind {
    /// "a number", "a date" …: for "“x” is not …" sentences.
    pub(crate) fn described(self) -> &'static str {
        match self {
            Self::Text => "a single line of text",
            Self::Multiline => "text",
            Self::Number => "a number",
            Self::Date => "a date (YYYY-MM-DD)",
            Self::YesNo => "yes or no",
            Self::Choice => "one of the choices",
            Self::Url => "a web address",
            Self::Email => "an email address",
            Self::Phone => "a phone number",
        }
    }

    /// Whether a list can be filtered on the field's values (one of a few known values).
    pub fn filters(self) -> bool {
        matches!(self, Self::Choice | Self::YesNo)
    }
}

/// A custom field as defined.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CustomField {
    pub id: CustomFieldId,
    pub record: CustomRecord,
    pub label: String,
    pub kind: CustomKind,
    pub required: bool,
    /// Shown under the input.
    pub help: Option<String>,
    /// A choice list's options in order (empty for other kinds).
    pub choices: Vec<String>,
    /// A ticket field asked for in the new-ticket form.
    pub ask_on_ticket: bool,
    pub position: u32,
    pub archived: bool,
    /// How many records have a value (archived records included).
    pub values: u32,
}

/// What the field editor sends.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct CustomFieldInput {
    pub record: CustomRecord,
    pub label: String,
    pub kind: CustomKind,
    pub required: bool,
    pub help: Option<String>,
    pub choices: Vec<String>,
    pub ask_on_ticket: bool,
}

impl Default for CustomFieldInput {
    fn default() -> Self {
        Self {
            record: CustomRecord::Organization,
            label: String::new(),
            kind: CustomKind::Text,
            required: false,
            help: None,
            choices: Vec::new(),
            ask_on_ticket: false,
        }
    }
}

/// One value of a record, as a form sends it ("" clears it).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CustomValue {
    pub field_id: CustomFieldId,
    pub value: String,
}

/// A list filter: records whose `field_id` holds `value` (a choice, "yes" or "no").
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CustomFilter {
    pub field_id: CustomFieldId,
    pub value: String,
}

/// The `field` of the error returned when removing a field that has values needs the user's
/// agreement to archive it.
pub const CONFIRM_ARCHIVE: &str = "confirm_archive";

/// The kinds whose values search finds (text, lines, a choice, a web or mail address, a phone
/// number), as an SQL list; migration 0024's search triggers name the same.
pub(crate) const SEARCHED_KINDS: &str = "('text', 'multiline', 'choice', 'url', 'email', 'phone')";

const LABEL_MAX: usize = 60;
const HELP_MAX: usize = 300;
const CHOICES_MAX: usize = 100;
const CHOICE_MAX: usize = 80;
const FIELDS_MAX: usize = 50;
const TEXT_MAX: usize = 1_000;
const MULTILINE_MAX: usize = 20_000;

/// The columns `from_row` reads.
macro_rules! select_fields {
    () => {
        "SELECT f.id, f.record_kind, f.label, f.kind, f.required, f.help, f.choices, f.ask_on_ticket,
            f.position, f.archived_at IS NOT NULL AS archived,
            (SELECT count(*) FROM custom_values v WHERE v.field_id = f.id) AS n
         FROM custom_fields f "
    };
}

/// The custom fields service.
pub struct CustomFields<'a> {
    db: &'a Db,
}

impl<'a> CustomFields<'a> {
    pub(crate) fn new(db: &'a Db) -> Self {
        Self { db }
    }

    /// The fields of `record` in order (archived ones only when asked for, after the others).
    pub async fn list(&self, record: CustomRecord, include_archived: bool) -> Result<Vec<CustomField>> {
        let mut conn = self.db.reader().acquire().await?;
        fields_of(&mut conn, record, include_archived).await
    }

    /// One field.
    pub async fn get(&self, id: CustomFieldId) -> Result<CustomField> {
        let mut conn = self.db.reader().acquire().await?;
        fetch(&mut conn, id).await
    }

    /// For each list filter, whether a page walks the list's order (`EXISTS`) rather than reading
    /// the value's holders (`IN`): what the lists decide (for the benchmark's shell script).
    pub async fn dense_filters(&self, filters: &[CustomFilter]) -> Result<Vec<bool>> {
        dense(self.db.reader(), filters).await
    }

    /// A record's values, in its fields' order (archived fields' values left out).
    pub async fn values(&self, record_id: impl Into<uuid::Uuid>) -> Result<Vec<CustomValue>> {
        let mut conn = self.db.reader().acquire().await?;
        values_of(&mut conn, record_id.into()).await
    }

    /// Adds a field after the record's others.
    pub async fn create(&self, input: CustomFieldInput, by: &Actor) -> Result<CustomField> {
        by.require_admin(&msg("add custom fields", &[]))?;
        let input = validated(input)?;
        let id = CustomFieldId::new();
        let mut tx = self.db.begin_write().await?;
        check_label(&mut tx, &input, None).await?;
        let (count, last): (i64, Option<i64>) = sqlx::query_as(
            "SELECT count(*), max(position) FROM custom_fields WHERE record_kind = ? AND archived_at IS NULL",
        )
        .bind(input.record)
        .fetch_one(&mut *tx)
        .await?;
        if count as usize >= FIELDS_MAX {
            return Err(fields_max(input.record));
        }
        sqlx::query(
            "INSERT INTO custom_fields (id, record_kind, position, label, kind, required, help, choices,
                ask_on_ticket, created_at, updated_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?,
                strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))",
        )
        .bind(id)
        .bind(input.record)
        .bind(last.map_or(0, |p| p + 1))
        .bind(&input.label)
        .bind(input.kind)
        .bind(input.required)
        .bind(&input.help)
        .bind(serde_json::to_string(&input.choices).map_err(|e| Error::Io(std::io::Error::other(e)))?)
        .bind(input.ask_on_ticket)
        .execute(&mut *tx)
        .await?;
        let created = fetch(&mut tx, id).await?;
        tx.commit().await?;
        Ok(created)
    }

    /// Changes a field. A rename keeps the values; a kind change first checks every value and
    /// refuses with how many do not fit (the others are rewritten in the new kind's form); a
    /// choice still in use cannot be removed. The record kind cannot change.
    pub async fn update(
        &self,
        id: CustomFieldId,
        input: CustomFieldInput,
        by: &Actor,
    ) -> Result<CustomField> {
        by.require_admin(&msg("change custom fields", &[]))?;
        let input = validated(input)?;
        let mut tx = self.db.begin_write().await?;
        let current = fetch(&mut tx, id).await?;
        if current.record != input.record {
            return Err(Error::invalid(
                "record",
                msg(
                    "“{label}” is a field of {records}; add a new field for {other} instead.",
                    &[
                        ("label", &current.label),
                        ("records", current.record.term()),
                        ("other", input.record.term()),
                    ],
                ),
            ));
        }
        check_label(&mut tx, &input, Some(id)).await?;
        let values: Vec<(Vec<u8>, String)> =
            sqlx::query_as("SELECT record_id, value FROM custom_values WHERE field_id = ?")
                .bind(id)
                .fetch_all(&mut *tx)
                .await?;
        let target = CustomField { kind: input.kind, choices: input.choices.clone(), ..current.clone() };
        if input.kind == current.kind && input.kind == CustomKind::Choice {
            check_choices_in_use(&current, &input.choices, &values)?;
        }
        let mut rewritten = Vec::new();
        let mut misfits = 0u64;
        let mut example = None;
        for (record_id, value) in &values {
            match canonical(&target, value) {
                Ok(new) if &new == value => {}
                Ok(new) => rewritten.push((record_id.clone(), new)),
                Err(_) => {
                    misfits += 1;
                    example.get_or_insert_with(|| value.clone());
                }
            }
        }
        if misfits > 0 {
            let (what, count) = (msg(input.kind.described(), &[]), current.record.term_count(misfits));
            let example = example.unwrap_or_default();
            let parts = [
                ("label", current.label.as_str()),
                ("what", what.as_str()),
                ("count", count.as_str()),
                ("example", example.as_str()),
            ];
            return Err(Error::invalid(
                if input.kind == current.kind { "choices" } else { "kind" },
                if misfits == 1 {
                    msg(
                        "“{label}” cannot become {what}: {count} has a value that is not (like \
                         “{example}”). Change it first, or keep the field as it is.",
                        &parts,
                    )
                } else {
                    msg(
                        "“{label}” cannot become {what}: {count} have a value that is not (like \
                         “{example}”). Change them first, or keep the field as it is.",
                        &parts,
                    )
                },
            ));
        }
        for (record_id, value) in rewritten {
            sqlx::query("UPDATE custom_values SET value = ? WHERE field_id = ? AND record_id = ?")
                .bind(value)
                .bind(id)
                .bind(record_id)
                .execute(&mut *tx)
                .await?;
        }
        sqlx::query(
            "UPDATE custom_fields SET label = ?, kind = ?, required = ?, help = ?, choices = ?,
                ask_on_ticket = ?, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
             WHERE id = ?",
        )
        .bind(&input.label)
        .bind(input.kind)
        .bind(input.required)
        .bind(&input.help)
        .bind(serde_json::to_string(&input.choices).map_err(|e| Error::Io(std::io::Error::other(e)))?)
        .bind(input.ask_on_ticket)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        let updated = fetch(&mut tx, id).await?;
        tx.commit().await?;
        Ok(updated)
    }

    /// Removes a field: one without values is deleted; one with values is refused with
    /// [`CONFIRM_ARCHIVE`] unless `confirm_archive`, then archived (hidden from forms, pages,
    /// filters, imports and exports; its values kept for [`Self::restore`]).
    pub async fn remove(
        &self,
        id: CustomFieldId,
        confirm_archive: bool,
        by: &Actor,
    ) -> Result<Option<CustomField>> {
        by.require_admin(&msg("remove custom fields", &[]))?;
        let mut tx = self.db.begin_write().await?;
        let field = fetch(&mut tx, id).await?;
        if field.values == 0 {
            sqlx::query("DELETE FROM custom_fields WHERE id = ?").bind(id).execute(&mut *tx).await?;
            tx.commit().await?;
            return Ok(None);
        }
        if !confirm_archive {
            return Err(Error::invalid(
                CONFIRM_ARCHIVE,
                msg(
                    "“{label}” has a value on {count}. Removing it archives it: it disappears from forms and \
                     pages, and its values are kept in case it is restored.",
                    &[("label", &field.label), ("count", &field.record.term_count(u64::from(field.values)))],
                ),
            ));
        }
        sqlx::query(
            "UPDATE custom_fields SET archived_at = coalesce(archived_at, strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
                updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
             WHERE id = ?",
        )
        .bind(id)
        .execute(&mut *tx)
        .await?;
        let archived = fetch(&mut tx, id).await?;
        tx.commit().await?;
        Ok(Some(archived))
    }

    /// Brings an archived field back, after the record's other fields.
    pub async fn restore(&self, id: CustomFieldId, by: &Actor) -> Result<CustomField> {
        by.require_admin(&msg("restore custom fields", &[]))?;
        let mut tx = self.db.begin_write().await?;
        let field = fetch(&mut tx, id).await?;
        let input = CustomFieldInput {
            record: field.record,
            label: field.label.clone(),
            kind: field.kind,
            ..CustomFieldInput::default()
        };
        check_label(&mut tx, &input, Some(id)).await.map_err(|e| match e {
            Error::Invalid { .. } => Error::invalid(
                "label",
                msg(
                    "Another field of {records} is called “{label}” now; rename it first.",
                    &[("records", field.record.term()), ("label", &field.label)],
                ),
            ),
            other => other,
        })?;
        let active: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM custom_fields WHERE record_kind = ? AND archived_at IS NULL",
        )
        .bind(field.record)
        .fetch_one(&mut *tx)
        .await?;
        if field.archived && active as usize >= FIELDS_MAX {
            return Err(fields_max(field.record));
        }
        sqlx::query(
            "UPDATE custom_fields SET archived_at = NULL, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
                position = (SELECT coalesce(max(position), -1) + 1 FROM custom_fields
                            WHERE record_kind = ? AND archived_at IS NULL)
             WHERE id = ?",
        )
        .bind(field.record)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        let restored = fetch(&mut tx, id).await?;
        tx.commit().await?;
        Ok(restored)
    }

    /// Puts `record`'s fields in the order of `ids` (every field not archived, each once).
    pub async fn reorder(
        &self,
        record: CustomRecord,
        ids: Vec<CustomFieldId>,
        by: &Actor,
    ) -> Result<Vec<CustomField>> {
        by.require_admin(&msg("reorder custom fields", &[]))?;
        let mut tx = self.db.begin_write().await?;
        let current = fields_of(&mut tx, record, false).await?;
        let mut sorted_new = ids.clone();
        sorted_new.sort();
        sorted_new.dedup();
        let mut sorted_current: Vec<CustomFieldId> = current.iter().map(|f| f.id).collect();
        sorted_current.sort();
        if sorted_new.len() != ids.len() || sorted_new != sorted_current {
            return Err(Error::invalid(
                "order",
                msg(
                    "The fields of {records} changed meanwhile; reload and try again.",
                    &[("records", record.term())],
                ),
            ));
        }
        for (position, id) in ids.iter().enumerate() {
            sqlx::query(
                "UPDATE custom_fields SET position = ?, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
                 WHERE id = ? AND position <> ?",
            )
            .bind(position as i64)
            .bind(id)
            .bind(position as i64)
            .execute(&mut *tx)
            .await?;
        }
        let fields = fields_of(&mut tx, record, false).await?;
        tx.commit().await?;
        Ok(fields)
    }
}

/// The refusal of one field too many.
fn fields_max(record: CustomRecord) -> Error {
    Error::invalid(
        "label",
        msg(
            "{records} can have at most {max} custom fields.",
            &[("records", record.term_capitalised()), ("max", &FIELDS_MAX.to_string())],
        ),
    )
}

/// How two labels are compared: case, spacing and punctuation ignored.
fn label_key(label: &str) -> String {
    label.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

/// Trims and checks what the editor sent; every message names the field.
fn validated(mut input: CustomFieldInput) -> Result<CustomFieldInput> {
    input.label = input.label.split_whitespace().collect::<Vec<_>>().join(" ");
    if input.label.is_empty() || label_key(&input.label).is_empty() {
        return Err(Error::invalid("label", msg("Label: a field needs a name.", &[])));
    }
    if input.label.chars().count() > LABEL_MAX {
        return Err(Error::invalid(
            "label",
            msg("Label: at most {max} characters.", &[("max", &LABEL_MAX.to_string())]),
        ));
    }
    input.help = input.help.map(|h| h.trim().to_owned()).filter(|h| !h.is_empty());
    if input.help.as_ref().is_some_and(|h| h.chars().count() > HELP_MAX || h.chars().any(char::is_control)) {
        return Err(Error::invalid(
            "help",
            msg("Help text: one line of at most {max} characters.", &[("max", &HELP_MAX.to_string())]),
        ));
    }
    if input.kind == CustomKind::Choice {
        let mut choices: Vec<String> = Vec::new();
        for choice in &input.choices {
            let choice = choice.split_whitespace().collect::<Vec<_>>().join(" ");
            if choice.is_empty() {
                continue;
            }
            if choice.chars().count() > CHOICE_MAX {
                return Err(Error::invalid(
                    "choices",
                    msg("Choices: each at most {max} characters.", &[("max", &CHOICE_MAX.to_string())]),
                ));
            }
            if choices.iter().any(|c| c.to_lowercase() == choice.to_lowercase()) {
                return Err(Error::invalid(
                    "choices",
                    msg("Choices: “{choice}” is there twice.", &[("choice", &choice)]),
                ));
            }
            choices.push(choice);
        }
        if choices.is_empty() {
            return Err(Error::invalid(
                "choices",
                msg("Choices: a choice list needs at least one choice.", &[]),
            ));
        }
        if choices.len() > CHOICES_MAX {
            return Err(Error::invalid(
                "choices",
                msg("Choices: at most {max}.", &[("max", &CHOICES_MAX.to_string())]),
            ));
        }
        input.choices = choices;
    } else {
        input.choices.clear();
    }
    if input.record != CustomRecord::Ticket {
        input.ask_on_ticket = false;
    }
    Ok(input)
}

/// Refuses a label that is a built-in field's or another field's of the same kind of record.
async fn check_label(
    conn: &mut SqliteConnection,
    input: &CustomFieldInput,
    own: Option<CustomFieldId>,
) -> Result<()> {
    let key = label_key(&input.label);
    if let Some(built_in) = input.record.built_in_labels().iter().find(|b| label_key(b) == key) {
        return Err(Error::invalid(
            "label",
            msg(
                "Label: {records} already have a field called “{built_in}”; choose another name.",
                &[("records", input.record.term_capitalised()), ("built_in", built_in)],
            ),
        ));
    }
    let others: Vec<(CustomFieldId, String, Option<String>)> =
        sqlx::query_as("SELECT id, label, archived_at FROM custom_fields WHERE record_kind = ?")
            .bind(input.record)
            .fetch_all(&mut *conn)
            .await?;
    if let Some((_, label, archived)) =
        others.iter().find(|(id, label, _)| Some(*id) != own && label_key(label) == key)
    {
        let values = [("records", input.record.term_capitalised()), ("label", label.as_str())];
        return Err(Error::invalid(
            "label",
            if archived.is_some() {
                msg(
                    "Label: {records} already have an archived custom field called “{label}”; restore it, or \
                     choose another name.",
                    &values,
                )
            } else {
                msg("Label: {records} already have a custom field called “{label}”.", &values)
            },
        ));
    }
    Ok(())
}

/// Refuses removing a choice that records still hold, with how many.
fn check_choices_in_use(current: &CustomField, new: &[String], values: &[(Vec<u8>, String)]) -> Result<()> {
    for old in &current.choices {
        if new.iter().any(|c| c.to_lowercase() == old.to_lowercase()) {
            continue;
        }
        let used = values.iter().filter(|(_, v)| v == old).count() as u64;
        if used > 0 {
            let count = current.record.term_count(used);
            let values = [("old", old.as_str()), ("count", count.as_str())];
            return Err(Error::invalid(
                "choices",
                if used == 1 {
                    msg(
                        "Choices: “{old}” is chosen on {count}. Change it first, or keep the choice.",
                        &values,
                    )
                } else {
                    msg(
                        "Choices: “{old}” is chosen on {count}. Change them first, or keep the choice.",
                        &values,
                    )
                },
            ));
        }
    }
    Ok(())
}

pub(crate) async fn fields_of(
    conn: &mut SqliteConnection,
    record: CustomRecord,
    include_archived: bool,
) -> Result<Vec<CustomField>> {
    let rows = sqlx::query(concat!(
        select_fields!(),
        "WHERE f.record_kind = ? AND (? OR f.archived_at IS NULL)
         ORDER BY f.archived_at IS NOT NULL, f.position, f.id"
    ))
    .bind(record)
    .bind(include_archived)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(from_row).collect()
}

async fn fetch(conn: &mut SqliteConnection, id: CustomFieldId) -> Result<CustomField> {
    // i18n: not for people (SQL)
    let row = sqlx::query(concat!(select_fields!(), "WHERE f.id = ?"))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(Error::NotFound { entity: "custom field" })?;
    from_row(&row)
}

fn from_row(row: &sqlx::sqlite::SqliteRow) -> Result<CustomField> {
    let choices: String = row.try_get("choices")?;
    Ok(CustomField {
        id: row.try_get("id")?,
        record: row.try_get("record_kind")?,
        label: row.try_get("label")?,
        kind: row.try_get("kind")?,
        required: row.try_get("required")?,
        help: row.try_get("help")?,
        // A row a newer machine wrote in a shape this one cannot read shows no choices rather
        // than failing the whole form.
        choices: serde_json::from_str(&choices).unwrap_or_default(),
        ask_on_ticket: row.try_get("ask_on_ticket")?,
        position: row.try_get::<i64, _>("position")? as u32,
        archived: row.try_get("archived")?,
        values: row.try_get::<i64, _>("n")? as u32,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_compare_without_case_or_punctuation() {
        assert_eq!(label_key("E-mail"), label_key("email"));
        assert_eq!(label_key(" DBA  name "), label_key("dba name"));
    }
}
