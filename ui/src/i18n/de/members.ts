// Deutsche Texte: members (every key of ../en/members.ts, translated).
import type en from "../en/members";

export default {
  "members.lists.title": "Listen",
  "members.lists.memberRoles": "Rollen im Team",
  "members.lists.contactRoles": "Rollen von Kontakten",
  "members.lists.activityTypes": "Typen für {Activities}",
  "members.lists.newName": "Neuer Name",
  "members.lists.rename": "Umbenennen",
  "members.lists.removeEntry": "{name} entfernen",
  "members.lists.newEntryFor": "Neuer Eintrag für {list}",
  "members.lists.newEntry": "Neuer Eintrag",
  "members.contactOf.title": "Kontakt auch für andere {Organizations}",
  "members.contactOf.organization": "{Organization}",
  "members.contactOf.chooseOrganization":
    "Wählen Sie {organization_g, select, m {einen} f {eine} other {ein}} {Organization} aus.",
  "members.contactOf.remove": "Als {role} bei {name} entfernen",
  "members.role": "Rolle",
  "members.none": "Keine.",
  "members.team.title": "Team",
  "members.team.addMember": "Mitglied hinzufügen",
  "members.team.addContact": "Kontakt hinzufügen",
  "members.team.staffMember": "Mitarbeiter",
  "members.team.choose": "Auswählen…",
  "members.team.chooseStaff": "Wählen Sie einen Mitarbeiter aus.",
  "members.team.choosePerson": "Wählen Sie {person_g, select, m {einen} f {eine} other {ein}} {Person} aus.",
  "members.team.personOfOther":
    "{Person} (aus {organization_g, select, m {einem anderen} f {einer anderen} other {einem anderen}} {Organization})",
  "members.team.typeName": "Namen eingeben…",
  "members.team.people": "{People}",
  "members.team.lookedAfterBy": "Betreut von",
  "members.team.inheritedFrom": "Übernommen von",
  "members.team.inheritedNote":
    "({site_g, select, m {dieser} f {diese} other {dieses}} {Site} hat keine eigenen Mitglieder).",
  "members.team.nobody": "Noch niemand.",
  "members.team.inactive": "inaktiv",
  "members.team.removeAs": "{name} als {role} entfernen",
  "members.team.contacts": "Kontakte anderer {Organizations}",
  "members.team.ofOrganization": "bei {name}",
} satisfies Record<keyof typeof en, string>;
