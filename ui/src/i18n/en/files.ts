// English messages: files. Keys start with "files."; see ../index.svelte.ts for the term arguments.
export default {
  "files.title": "Files",
  "files.dropHint": "Drop files on the window to attach them.",
  "files.attach": "Attach file…",
  "files.none": "No files.",
  "files.size": "Size",
  "files.type": "Type",
  "files.added": "Added",
  "files.open": "Open",
  "files.saveCopy": "Save a copy…",
  "files.alreadyRecorded": "Already in the email log: {names}.",
  "files.deleteTitle": "Delete {name}?",
  "files.deleteMessage": "The file is removed from this record. This cannot be undone.",
} satisfies Record<`files.${string}`, string>;
