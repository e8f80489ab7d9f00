//! Typed record ids: UUIDv7 underneath (time-sortable, unique across machines for a later sync),
//! so a function that takes an `OrganizationId` cannot be handed a `PersonId`.

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(
            Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord,
            serde::Serialize, serde::Deserialize, sqlx::Type, ts_rs::TS,
        )]
        #[serde(transparent)]
        #[sqlx(transparent)]
        pub struct $name(uuid::Uuid);

        impl $name {
            /// A fresh, time-ordered id.
            pub fn new() -> Self {
                Self(uuid::Uuid::now_v7())
            }

            /// An id from its UUID (a merge's journal keeps both kinds of record alike).
            #[allow(dead_code)]
            pub(crate) fn from_uuid(uuid: uuid::Uuid) -> Self {
                Self(uuid)
            }

            /// The UUID itself (a stream entry's reference to any kind of record).
            #[allow(dead_code)]
            pub(crate) fn uuid(&self) -> uuid::Uuid {
                self.0
            }

            /// The 16 bytes as 32 hex digits, for SQLite's `unhex()` in batched statements.
            #[allow(dead_code)]
            pub(crate) fn hex(&self) -> String {
                self.0.simple().to_string()
            }
        }

        impl From<$name> for uuid::Uuid {
            fn from(id: $name) -> Self {
                id.0
            }
        }

        impl Default for $name {
            fn default() -> Self {
                Self::new()
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }

        impl std::str::FromStr for $name {
            type Err = uuid::Error;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                s.parse().map(Self)
            }
        }
    };
}

id_type!(
    /// Identifies an organization (company, department or site).
    OrganizationId
);
id_type!(
    /// Identifies a person.
    PersonId
);
id_type!(
    /// Identifies a system type (defined by an admin).
    SystemTypeId
);
id_type!(
    /// Identifies one field of a system type.
    FieldId
);
id_type!(
    /// Identifies a system installed at a site.
    SystemId
);
id_type!(
    /// Identifies a secret; also the user name of its OS keyring entry.
    SecretId
);
id_type!(
    /// Identifies a note.
    NoteId
);
id_type!(
    /// Identifies an attached file.
    AttachmentId
);
id_type!(
    /// Identifies one applied import (its history entry and undo record).
    ImportId
);
id_type!(
    /// Identifies a ticket (its human number is separate).
    TicketId
);
id_type!(
    /// Identifies a time entry.
    TimeEntryId
);
id_type!(
    /// Identifies an invoice (its human number is separate).
    InvoiceId
);
id_type!(
    /// Identifies a payment or a credit note.
    PaymentId
);
id_type!(
    /// Identifies a staff member (the company's own people).
    StaffId
);
id_type!(
    /// Identifies an entry of an editable list (a member role, a contact role, an activity type).
    ChoiceId
);
id_type!(
    /// Identifies a staff member's membership of an organization.
    MemberId
);
id_type!(
    /// Identifies a person's role as a contact of an organization other than their own.
    ContactId
);
id_type!(
    /// Identifies an entry of the activity stream.
    StreamEntryId
);
id_type!(
    /// Identifies a comment on a stream entry.
    CommentId
);
id_type!(
    /// Identifies a planned activity.
    ActivityId
);
id_type!(
    /// Identifies an email recorded in a person's log.
    EmailId
);
id_type!(
    /// Identifies one merge of two records (its journal and undo).
    MergeId
);
id_type!(
    /// Identifies a service contract.
    ContractId
);
id_type!(
    /// Identifies a service level agreement.
    SlaId
);
id_type!(
    /// Identifies an update in a ticket's thread.
    TicketUpdateId
);
id_type!(
    /// Identifies a top-up of a contract's prepaid hours.
    TopUpId
);
id_type!(
    /// Identifies a custom field of organizations, people, tickets or contracts.
    CustomFieldId
);
