//! German for the refusals of the service desk: tickets, time, contracts and SLAs.

/// German for each English sentence.
pub(crate) const GERMAN: &[(&str, &str)] = &[
    // Tickets
    (
        "The requester must be one of the {organization}'s {people}.",
        "Die anfragende Person muss zu den eingetragenen {People} gehören.",
    ),
    ("Assign it to an active staff member.", "Bitte einem aktiven Mitarbeiter zuweisen."),
    ("Choose the {organization}.", "Bitte {Organization} wählen."),
    (
        "The {organization} no longer exists.",
        "{organization_g:Der|Die|Das} {Organization} existiert nicht mehr.",
    ),
    (
        "This time is billed on invoice {number}; void the invoice first.",
        "Diese Zeit ist mit Rechnung {number} abgerechnet; stornieren Sie zuerst die Rechnung.",
    ),
    (
        "The {system} must be one of this customer's (its {sites} included).",
        "{system_g:Der|Die|Das} {System} muss zu diesem Kunden gehören (einschließlich der {Sites}).",
    ),
    ("Enter between 1 and 1440 minutes.", "Bitte zwischen 1 und 1440 Minuten eingeben."),
];
