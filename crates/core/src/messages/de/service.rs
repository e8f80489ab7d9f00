//! German for the refusals of the service desk: tickets, time, contracts and SLAs.

/// German for each English sentence.
pub(crate) const GERMAN: &[(&str, &str)] = &[
    // Tickets
    (
        "The requester must be one of the {organization}'s {people}.",
        "Als anfragende Person kommen nur die hier eingetragenen {People} infrage.",
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
    // Tickets: history and stream
    ("Open", "Offen"),
    ("Waiting", "Wartend"),
    ("Closed", "Geschlossen"),
    (
        "Assigned {ticket} #{number} to {name}: {subject}",
        "{Ticket} #{number} an {name} zugewiesen: {subject}",
    ),
    ("Unassigned {ticket} #{number}: {subject}", "{Ticket} #{number} nicht mehr zugewiesen: {subject}"),
    (
        "No due times: the SLA “{name}” cannot compute them ({error}).",
        "Keine Fälligkeiten: Das SLA „{name}“ kann sie nicht berechnen ({error}).",
    ),
    ("Logged {ticket} #{number}: {subject}", "{Ticket} #{number} erfasst: {subject}"),
    ("Status: {from} → {to}", "Status geändert: {from} → {to}"),
    ("Closed {ticket} #{number}: {subject}", "{Ticket} #{number} geschlossen: {subject}"),
    ("Reopened {ticket} #{number}: {subject}", "{Ticket} #{number} wieder geöffnet: {subject}"),
    ("First response to the customer recorded", "Erste Antwort an den Kunden erfasst"),
    ("Requester", "Anfragende Person"),
    (
        "Time on this {ticket} is billed to {name} on invoice {number}; void the invoice first to move the {ticket}.",
        "Die Zeit ist mit Rechnung {number} an {name} abgerechnet; stornieren Sie zuerst die Rechnung, dann lässt sich {ticket_g:der|die|das} {Ticket} verschieben.",
    ),
    ("The rate", "Der Stundensatz"),
    ("nobody", "niemand"),
    ("none", "keines"),
    ("Moved from {from} to {to}", "Verschoben von {from} zu {to}"),
    ("SLA: {from} → {to}", "SLA geändert: {from} → {to}"),
    ("Assigned to {name}", "Zugewiesen an {name}"),
    ("Reassigned from {from} to {to}", "Neu zugewiesen: von {from} an {to}"),
    ("Priority: {from} → {to}", "Priorität geändert: {from} → {to}"),
    ("Requester: {from} → {to}", "Anfragende Person geändert: {from} → {to}"),
    ("{System}: {from} → {to}", "{System} geändert: {from} → {to}"),
    ("Subject: “{from}” → “{to}”", "Betreff geändert: „{from}“ → „{to}“"),
    // Thread
    ("Write the update.", "Bitte einen Text für den Eintrag eingeben."),
    ("An update holds at most 20,000 characters.", "Ein Eintrag umfasst höchstens 20.000 Zeichen."),
    (
        "Choose an internal note or a reply to the customer.",
        "Bitte „Interne Notiz“ oder „Antwort an den Kunden“ wählen.",
    ),
    // Contracts
    (
        "“{name}” is not covered by a {contract} in force.",
        "{contract_g:Kein gültiger|Keine gültige|Kein gültiges} {Contract} deckt „{name}“ ab.",
    ),
    ("The {system}", "{system_g:der|die|das} {System}"),
    (
        "{holder}'s {contract} “{name}” expired on {date}.",
        "{contract_g:Der|Die|Das} {Contract} „{name}“ von {holder} ist am {date} abgelaufen.",
    ),
    (
        "{holder}'s {contract} “{name}” only starts on {date}.",
        "{contract_g:Der|Die|Das} {Contract} „{name}“ von {holder} beginnt erst am {date}.",
    ),
    ("“{today}” is not a date.", "„{today}“ ist kein Datum."),
    (
        "This {contract} has prepaid hours on record; it stays a prepaid-hours {contract} (end or archive it instead).",
        "{contract_g:Dieser|Diese|Dieses} {Contract} hat schon erfasste Stunden im Kontingent; die Art bleibt „Stundenkontingent“ (beenden oder archivieren Sie {contract_g:ihn|sie|es} stattdessen).",
    ),
    ("Enter the {contract}'s name.", "Bitte einen Namen eingeben."),
    (
        "The {contract} ends before it starts.",
        "{contract_g:Der|Die|Das} {Contract} endet vor {contract_g:seinem|ihrem|seinem} Beginn.",
    ),
    (
        "An open-ended {contract} has nothing to renew: set an end date, or choose no renewal.",
        "{contract_g:Ein unbefristeter|Eine unbefristete|Ein unbefristetes} {Contract} kann sich nicht verlängern: Geben Sie ein Enddatum an oder wählen Sie keine Verlängerung.",
    ),
    (
        "The notice period is between 0 and 3,650 days.",
        "Die Kündigungsfrist liegt zwischen 0 und 3.650 Tagen.",
    ),
    (
        "Only a prepaid-hours {contract} holds a block of hours.",
        "Stunden im Kontingent gibt es nur bei der Art „Stundenkontingent“.",
    ),
    (
        "Enter the hours in the block: up to 100,000.",
        "Bitte die Stunden im Kontingent eingeben: bis zu 100.000.",
    ),
    ("The value cannot be negative.", "Der Wert kann nicht negativ sein."),
    (
        "The {person} must be one of the {organization}'s {people}.",
        "{person_g:Der|Die|Das} {Person} muss {person_g:einer|eine|eines} der hier eingetragenen {People} sein.",
    ),
    (
        "A covered {system} no longer exists.",
        "{system_g:Ein abgedeckter|Eine abgedeckte|Ein abgedecktes} {System} existiert nicht mehr.",
    ),
    (
        "“{name}” belongs to another customer: a {contract} covers its own {organization}'s {systems} and its {sites}'.",
        "„{name}“ gehört zu einem anderen Kunden: {contract_g:Ein|Eine|Ein} {Contract} umfasst nur eigene {Systems} und die {Systems} der eigenen {Sites}.",
    ),
    // Prepaid hours
    (
        "The prepaid hours of {names} are used up: time on this {ticket} will be invoiced.",
        "Die vorausbezahlten Stunden von {names} sind aufgebraucht: Die Zeit wird in Rechnung gestellt.",
    ),
    ("and", "und"),
    (
        "Enter the hours to add: up to 100,000, not zero.",
        "Bitte die hinzuzufügenden Stunden eingeben: bis zu 100.000, nicht null.",
    ),
    (
        "The block cannot go below the {hours} already invoiced from it.",
        "Das Kontingent kann nicht unter die bereits abgerechneten {hours} sinken.",
    ),
    ("A block holds at most 100,000 hours.", "Ein Kontingent umfasst höchstens 100.000 Stunden."),
    // SLAs
    ("Low", "Niedrig"),
    ("High", "Hoch"),
    ("Urgent", "Dringend"),
    ("A due time is out of range.", "Ein Fälligkeitszeitpunkt liegt außerhalb des gültigen Bereichs."),
    ("“{text}” is not an instant.", "„{text}“ ist kein Zeitpunkt."),
    ("The SLA “{name}” has damaged {what}.", "Das SLA „{name}“ hat beschädigte {what}."),
    ("business hours", "Geschäftszeiten"),
    ("holidays", "Feiertage"),
    ("targets", "Zielzeiten"),
    ("Enter the SLA's name.", "Bitte einen Namen für das SLA eingeben."),
    ("There is already an SLA called “{name}”.", "Es gibt schon ein SLA namens „{name}“."),
    (
        "The holidays cover every working day of the next three years: no {ticket} could ever be due.",
        "Die Feiertage decken jeden Arbeitstag der nächsten drei Jahre ab: {ticket_g:Kein|Keine|Kein} {Ticket} könnte je fällig werden.",
    ),
    (
        "A target is between 1 minute and a year of business time.",
        "Eine Zielzeit liegt zwischen 1 Minute und einem Jahr Geschäftszeit.",
    ),
    (
        "The {priority} resolution target is sooner than its first response.",
        "Bei Priorität „{priority}“ ist die Zielzeit für die Lösung kürzer als die für die erste Reaktion.",
    ),
    ("Two targets for {priority} priority.", "Zwei Zielzeiten für Priorität „{priority}“."),
    (
        "The {priority} target is more business time than these hours give in three years.",
        "Die Zielzeit für Priorität „{priority}“ ist länger, als diese Geschäftszeiten in drei Jahren ergeben.",
    ),
    (
        "There is already an SLA called “{name}”: rename one first.",
        "Es gibt schon ein SLA namens „{name}“: Benennen Sie zuerst eines um.",
    ),
    ("That SLA no longer exists or is archived.", "Dieses SLA existiert nicht mehr oder ist archiviert."),
    ("define SLAs", "SLAs festlegen"),
    ("change SLAs", "SLAs ändern"),
    ("archive SLAs", "SLAs archivieren"),
    // Business hours
    (
        "“{zone}” is not a time zone (such as Europe/Berlin).",
        "„{zone}“ ist keine Zeitzone (wie Europe/Berlin).",
    ),
    (
        "A weekday is from 1 (Monday) to 7 (Sunday).",
        "Ein Wochentag ist eine Zahl von 1 (Montag) bis 7 (Sonntag).",
    ),
    (
        "Hours {open} to {close} are not a time span within a day.",
        "{open} bis {close} ist keine Zeitspanne innerhalb eines Tages.",
    ),
    (
        "Two spans of business hours on one day overlap.",
        "Zwei Zeitspannen der Geschäftszeiten an einem Tag überschneiden sich.",
    ),
    (
        "Set the business hours: at least one day with opening hours.",
        "Bitte Geschäftszeiten festlegen: mindestens ein Tag mit Öffnungszeiten.",
    ),
    ("“{date}” is not a date (YYYY-MM-DD).", "„{date}“ ist kein Datum (JJJJ-MM-TT)."),
    (
        "The business hours never add up to this time within three years (too few hours, or holidays on \
         every working day).",
        "Die Geschäftszeiten ergeben diese Zeit nicht innerhalb von drei Jahren (zu wenige Stunden oder Feiertage an \
         jedem Arbeitstag).",
    ),
    (
        "A date or time is out of range ({error}).",
        "Ein Datum oder eine Uhrzeit liegt außerhalb des gültigen Bereichs ({error}).",
    ),
    // Today
    ("“{now}” is not a date and time.", "„{now}“ ist kein Datum mit Uhrzeit."),
];
