// English messages: customfields. Keys start with "customfields."; see ../index.svelte.ts for the term arguments.
export default {
  // Settings → Custom fields (views/customfields/CustomFieldSettings.svelte)
  "customfields.title": "Custom fields",
  "customfields.recordChoice": "Fields of",
  "customfields.new": "New field",
  "customfields.intro":
    "Facts your company keeps that Fieldbook has no field for ({contract} tier, alarm code location, preferred courier …). They show in forms and on pages, choice and yes/no fields filter the lists.",
  "customfields.editor.new":
    "New field of {record, select, organization {{organizations}} person {{people}} ticket {{tickets}} other {{contracts}}}",
  "customfields.editor.edit": "Edit “{label}”",
  "customfields.label": "Label",
  "customfields.kindChange":
    "Every value is checked first: {count, plural, one {# record has} other {# records have}} one.",
  "customfields.choices": "Choices, one per line",
  "customfields.help": "Help text",
  "customfields.help.hint": "Shown under the field in forms.",
  "customfields.required": "Required",
  "customfields.required.later": "Records saved before stay as they are; their form asks for it on the next edit.",
  "customfields.askOnTicket": "Ask when logging {a_ticket}",
  "customfields.save": "Save field",
  "customfields.empty":
    "No custom fields of {record, select, organization {{organizations}} person {{people}} ticket {{tickets}} other {{contracts}}} yet.",
  "customfields.column.field": "Field",
  "customfields.column.inUse": "In use",
  "customfields.column.actions": "Actions",
  "customfields.askedOnTickets": "Asked on new {tickets}",
  "customfields.moveUp": "Move {label} up",
  "customfields.moveDown": "Move {label} down",
  "customfields.kept": "{count} kept",
  "customfields.archive.title": "Archive “{label}”?",
  "customfields.archive.confirm": "Archive it",
} satisfies Record<`customfields.${string}`, string>;
