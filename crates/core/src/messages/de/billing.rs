//! German for invoices, payments, billing settings, statements and their e-mail.

/// German for each English sentence.
pub(crate) const GERMAN: &[(&str, &str)] = &[
    // billing.rs
    (
        "Enter a three-letter currency code such as EUR, GBP or USD.",
        "Bitte einen dreistelligen Währungscode wie EUR, GBP oder USD eingeben.",
    ),
    ("The tax rate must be between 0 and 100 %.", "Der Steuersatz muss zwischen 0 und 100 % liegen."),
    ("Payment terms are at most 365 days.", "Das Zahlungsziel beträgt höchstens 365 Tage."),
    ("A title fits 40 characters.", "Ein Titel hat höchstens 40 Zeichen."),
    ("The intro line fits {max} characters.", "Die Einleitungszeile hat höchstens {max} Zeichen."),
    ("The footer fits {max} characters.", "Die Fußzeile hat höchstens {max} Zeichen."),
    ("The footer is one line.", "Die Fußzeile darf nur eine Zeile haben."),
    (
        "Invoices were issued in the current currency; it cannot change now.",
        "Es wurden bereits Rechnungen in der aktuellen Währung ausgestellt; sie kann nicht mehr geändert werden.",
    ),
    (
        "Only {a_site} ({a_organization} with a parent) can bill to its parent.",
        "Nur {Sites} ({Organizations} mit übergeordnetem Eintrag) können über den übergeordneten Eintrag abgerechnet werden.",
    ),
    (
        "The billing contact must be one of this {organization}'s {people} or contacts.",
        "Als Rechnungskontakt kommen nur die hier erfassten {People} und Kontakte infrage.",
    ),
    ("The hourly rate must be between 0 and {max}.", "Der Stundensatz muss zwischen 0 und {max} liegen."),
    ("The rate must be between 0 and {max}.", "Der Stundensatz muss zwischen 0 und {max} liegen."),
    ("{what} must be between 0 and {max}.", "{what} muss zwischen 0 und {max} liegen."),
    (
        "The amounts add up to more than Fieldbook can hold; check for a mistyped amount.",
        "Die Beträge ergeben zusammen mehr, als Fieldbook speichern kann; bitte auf einen Tippfehler prüfen.",
    ),
    // invoices.rs
    ("The period ends before it starts.", "Der Zeitraum endet, bevor er beginnt."),
    ("Add at least one line.", "Bitte mindestens eine Zeile hinzufügen."),
    ("An invoice has at most 1,000 lines.", "Eine Rechnung hat höchstens 1.000 Zeilen."),
    ("Every line needs a description.", "Jede Zeile braucht eine Beschreibung."),
    ("A line amount must be below a billion.", "Der Betrag einer Zeile muss unter einer Milliarde liegen."),
    (
        "An invoice cannot total less than zero; give a credit note instead.",
        "Der Rechnungsbetrag kann nicht negativ sein; bitte stattdessen eine Gutschrift erstellen.",
    ),
    ("Say why the invoice is voided.", "Bitte angeben, warum die Rechnung storniert wird."),
    ("This invoice is already void.", "Diese Rechnung ist bereits storniert."),
    (
        "An invoice cannot be voided before it was issued.",
        "Eine Rechnung kann nicht vor ihrem Rechnungsdatum storniert werden.",
    ),
    (
        "Payments are allocated to this invoice; give a credit note instead of voiding it.",
        "Dieser Rechnung sind Zahlungen zugeordnet; bitte eine Gutschrift erstellen, statt sie zu stornieren.",
    ),
    // invoices.rs: stream entries (stored as written)
    ("Voided invoice {number}: {reason}", "Rechnung {number} storniert: {reason}"),
    (
        "Issued invoice {number} over {currency} {amount}",
        "Rechnung {number} über {currency} {amount} ausgestellt",
    ),
    // payments.rs
    (
        "Enter an amount above zero (and below a billion).",
        "Bitte einen Betrag über null (und unter einer Milliarde) eingeben.",
    ),
    (
        "Each invoice can be chosen once per payment.",
        "Jede Rechnung kann pro Zahlung nur einmal gewählt werden.",
    ),
    ("The allocations add up to more than the amount.", "Die Zuordnungen übersteigen zusammen den Betrag."),
    (
        "An invoice chosen is not open (paid, void, or another {organization}'s).",
        "Eine gewählte Rechnung ist nicht offen: bezahlt, storniert oder eine Rechnung anderer {Organizations}.",
    ),
    (
        "Allocate more than zero and no more than what is still owed on each invoice.",
        "Bitte jeder Rechnung mehr als null und höchstens den noch offenen Betrag zuordnen.",
    ),
    // payments.rs: stream entries (stored as written)
    ("Recorded a payment of {currency} {amount}", "Zahlung über {currency} {amount} erfasst"),
    ("Recorded a credit note of {currency} {amount}", "Gutschrift über {currency} {amount} erfasst"),
    // email.rs
    ("The file is empty: there is no email in it.", "Die Datei ist leer und enthält keine E-Mail."),
    (
        "The email is larger than {max} MiB, the most Fieldbook reads.",
        "Die E-Mail ist größer als {max} MiB; mehr liest Fieldbook nicht.",
    ),
    (
        "This email holds more than {max} forwarded messages; Fieldbook does not read it.",
        "Diese E-Mail enthält mehr als {max} weitergeleitete Nachrichten; Fieldbook liest sie nicht.",
    ),
    (
        "This file is not an email (.eml): it has no From, Date or Subject header.",
        "Diese Datei ist keine E-Mail (.eml), denn sie hat keine Kopfzeile From, Date oder Subject.",
    ),
    // email/log.rs
    ("Choose at least one email file (.eml).", "Bitte mindestens eine E-Mail-Datei (.eml) wählen."),
    ("“{name}”: {message} Nothing was recorded.", "„{name}“: {message} Es wurde nichts erfasst."),
    ("{name} has no email address.", "{name} hat keine E-Mail-Adresse."),
    ("It cannot be read ({error}).", "Die Datei kann nicht gelesen werden ({error})."),
    ("It is a folder, not an email file.", "Das ist ein Ordner, keine E-Mail-Datei."),
    // email/log.rs: stream entries (stored as written)
    ("Started an email to {name} <{address}>", "E-Mail an {name} <{address}> begonnen"),
    ("(no subject)", "(kein Betreff)"),
    ("{subject} — from {from}", "{subject} — von {from}"),
    // statements/email.rs
    (
        "“{name}” has no email address: set a billing contact with one, or the {organization}'s email.",
        "„{name}“ hat keine E-Mail-Adresse: Bitte einen Rechnungskontakt mit E-Mail-Adresse wählen oder bei „{name}“ eine E-Mail-Adresse eintragen.",
    ),
    // statements/invoice.rs
    (
        "Invoice {number} is void; it is not sent.",
        "Die Rechnung {number} ist storniert; sie wird nicht versendet.",
    ),
    // statements/mod.rs
    (
        "The period starts after the statement date.",
        "Der Zeitraum beginnt nach dem Stichtag des Kontoauszugs.",
    ),
    // File names
    ("{customer} invoice {number}.pdf", "{customer} Rechnung {number}.pdf"),
    ("{customer} statement {date}.pdf", "{customer} Kontoauszug {date}.pdf"),
];
