// English messages: search. Keys start with "search."; see ../index.svelte.ts for the term arguments.
export default {
  "search.label": "Search",
  "search.placeholder": "Search names, accounts, phones, IPs, notes, files…",
  "search.includeArchived": "Include archived",
  "search.kind.organization": "{Organizations}",
  "search.kind.person": "{People}",
  "search.kind.system": "{Systems}",
  "search.kind.note": "Notes",
  "search.kind.file": "Files",
  "search.kind.ticket": "{Tickets}",
  "search.nothingFound": "Nothing found.",
  "search.keys": "↑ ↓ to move · Enter to open · Esc to close",
} satisfies Record<`search.${string}`, string>;
