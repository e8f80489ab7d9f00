// English messages: staff. Keys start with "staff."; see ../index.svelte.ts for the term arguments.
export default {
  // StaffForm
  "staff.role": "Role",
  "staff.form.active": "Active",
  "staff.form.activeHint": "(inactive members stay on what they wrote, but cannot be picked)",
  // StaffSettings: Settings → Staff
  "staff.title": "Staff",
  "staff.you.prefix": "On this computer you are",
  "staff.you.switch": "Switch user",
  "staff.you.switchTo": "Switch to",
  "staff.choose": "Choose…",
  "staff.add": "Add a staff member",
  "staff.showInactive": "Show inactive",
  "staff.adminOnly": "Only an admin adds and edits staff.",
  "staff.newTitle": "New staff member",
  "staff.editTitle": "Edit {name}",
  "staff.inactive": "inactive",
  "staff.youBadge": "you",
  "staff.passwordsUsed": "Passwords used",
  "staff.audit.none": "{name} has not revealed, copied or changed a password.",
  "staff.audit.action": "{action, select, set {set} reveal {reveal} copy {copy} delete {delete} other {{action}}}",
  "staff.audit.deletedSystem": "a deleted {system}",
  "staff.audit.onMachine": "on {machine}",
  "staff.deleteTitle": "Delete {name}?",
  "staff.deleteMessage":
    "Only for a member added by mistake: someone with notes, invoices or other records to their name is deactivated instead.",
  // WhoAreYou: the first start
  "staff.who.title": "Who are you?",
  "staff.who.intro":
    "Fieldbook writes your name on the notes you add, the passwords you reveal, the invoices you issue and everything else you do on this computer.",
  "staff.who.staff": "Staff",
  "staff.who.notListed": "I am not in the list",
  "staff.who.first": "You are the first: you will be the admin, who adds colleagues and defines {system} types.",
  "staff.who.addYourself": "Add yourself",
  "staff.who.adminLater": "An admin can make you an admin later.",
  "staff.who.namesInRecords": "Names already in your records:",
  "staff.who.namesHint": "Adding yourself under one of them puts your name on those records.",
  "staff.who.start": "Start using Fieldbook",
} satisfies Record<`staff.${string}`, string>;
