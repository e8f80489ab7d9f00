// English messages: notes. Keys start with "notes."; see ../index.svelte.ts for the term arguments.
export default {
  // Call-backs due
  "notes.callbacks.title": "Call-backs",
  "notes.callbacks.intro": "Due today and overdue.",
  "notes.callbacks.none": "Nothing to call back today.",
  // A record's notes
  "notes.add": "Add note",
  "notes.note": "Note",
  "notes.urgent": "Urgent",
  "notes.callBack": "Call back",
  "notes.callBackAt": "Call back {time}",
  "notes.callBackDone": "done",
  "notes.save": "Save note",
  "notes.none": "No notes.",
  "notes.calledBack": "Called back",
  "notes.deleteTitle": "Delete this note?",
  "notes.deleteMessage": "It is removed for everyone. This cannot be undone.",
} satisfies Record<`notes.${string}`, string>;
