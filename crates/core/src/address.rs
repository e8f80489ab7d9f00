//! Postal addresses, shared by organizations and people.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::text::clean;

/// A postal address. Every field is optional: a site may know only its city.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS, sqlx::FromRow)]
pub struct Address {
    pub line1: Option<String>,
    pub line2: Option<String>,
    pub city: Option<String>,
    pub region: Option<String>,
    pub postal_code: Option<String>,
    pub country: Option<String>,
}

impl Address {
    /// Trims every field; blank fields become `None`.
    pub(crate) fn cleaned(self) -> Self {
        Self {
            line1: clean(self.line1),
            line2: clean(self.line2),
            city: clean(self.city),
            region: clean(self.region),
            postal_code: clean(self.postal_code),
            country: clean(self.country),
        }
    }

    /// True when no field is set.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}
