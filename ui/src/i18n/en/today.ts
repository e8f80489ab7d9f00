// English messages: today. Keys start with "today."; see ../index.svelte.ts for the term arguments.
export default {
  "today.title": "Today",
  /** Under a short list: how many it leaves out. */
  "today.more": "{count, number} more",
  // My call-backs and activities
  "today.agenda.title": "Call-backs and {activities}",
  "today.agenda.empty": "Nothing due today.",
  "today.agenda.callBack": "Call back",
  "today.agenda.doneLabel": "Done: call back {name}",
  "today.agenda.done": "Done",
  "today.agenda.overdue": "{count, number}{atLimit, select, yes {+} other {}} overdue",
  "today.agenda.link": "My agenda",
  // Tickets
  "today.myTickets.title": "My open {tickets}",
  "today.myTickets.empty": "No open {ticket} is assigned to you.",
  "today.myTickets.link": "All my {tickets}",
  "today.overdueTickets.title": "Overdue {tickets}",
  "today.overdueTickets.empty": "No {ticket} is past its due time.",
  "today.overdueTickets.link": "All overdue {tickets}",
  // Unbilled time
  "today.unbilled.title": "Unbilled time",
  "today.unbilled.adding": "Adding up…",
  "today.unbilled.empty": "No billable time waits to be invoiced.",
  "today.unbilled.withPrepaid": "{minutes}, {prepaid} prepaid",
  "today.unbilled.since": "since {date}",
  "today.unbilled.moreCustomers": "{count, number} more customers",
  "today.unbilled.total": "{customers, plural, one {# customer} other {# customers}}: {minutes}, {amount} before tax",
  "today.unbilled.totalPrepaid":
    "{customers, plural, one {# customer} other {# customers}}: {minutes}, {amount} before tax ({prepaid} from prepaid hours)",
  "today.unbilled.createLabel": "Create invoices",
  "today.unbilled.confirm":
    "Create one invoice per customer for all unbilled time worked from {from} to {to}, dated {date}? Invoices cannot be changed once made (they can be voided).",
  "today.unbilled.creating": "Creating…",
  "today.unbilled.create": "Create {count, plural, one {# invoice} other {# invoices}}",
  "today.unbilled.createAll": "Create invoices…",
  "today.unbilled.nothingLeft": "Nothing was left to invoice up to {date}.",
  "today.unbilled.created": "{count, plural, one {# invoice} other {# invoices}} created: {numbers}.",
  // Unpaid invoices
  "today.invoices.title": "Unpaid invoices",
  "today.invoices.empty": "Every invoice is paid.",
  "today.invoices.due": "due {date}",
  "today.invoices.overdue": "Overdue: {count, plural, one {# invoice} other {# invoices}}, {amount}",
  "today.invoices.notYetDue": "Not yet due: {count, plural, one {# invoice} other {# invoices}}, {amount}",
  // Contracts
  "today.contracts.title": "{Contracts} ending soon",
  "today.contracts.empty": "No {contract} ends in the next {days} days.",
  "today.contracts.link": "{Contracts}",
  // Backups and sync
  "today.safety.title": "Backups and sync",
  "today.safety.backupFailed": "The last backup failed: {error}",
  "today.safety.noBackupSince": "No backup since {when}.",
  "today.safety.noBackupYet": "No backup has been made yet.",
  "today.safety.lastBackup": "Last backup {when}.",
  "today.safety.backupSettings": "Backup settings",
  "today.safety.conflicts": "Conflicts",
  "today.safety.teamSettings": "Team settings",
  "today.safety.teamSync": "Team sync: {state}.",
  "today.safety.working": "working",
} satisfies Record<`today.${string}`, string>;
