// English messages: settings. Keys start with "settings."; see ../index.svelte.ts for the term arguments.
export default {
  "settings.title": "Settings",
  "settings.setUp": "Set up your company…",
  "settings.maxAttachment": "Largest attachment (MiB)",
  "settings.maxAttachment.invalid": "Enter a whole number of MiB.",
  "settings.autoLink": "Automatically link new {people} to {organizations}",
  "settings.autoLink.hint":
    "When on, saving {a_person} with a company name links them to the {organization} of that name (Inc, Ltd, GmbH and punctuation ignored), creating it if there is none.",
  "settings.save": "Save settings",
  "settings.language": "Language",
  "settings.language.system": "The system’s language ({language})",
  "settings.language.hint":
    "The language of this computer’s Fieldbook: words, numbers, money and dates on screen and in statements and invoices.",
  "settings.dates": "Dates",
  "settings.dates.legend": "How dates are written and typed",
  "settings.dates.language": "As your language writes them ({example})",
  "settings.dates.iso": "ISO (2026-12-31)",
  "settings.dates.hint": "Shown in lists and typed into date fields on this computer; ISO dates are understood either way.",
} satisfies Record<`settings.${string}`, string>;
