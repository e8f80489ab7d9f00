// English messages: components. Keys start with "components."; see ../index.svelte.ts for the term arguments.
export default {
  // AddressView
  "components.address.none": "No address.",
  "components.address.from": "from {from}",
  "components.address.inheritedFrom": "Inherited from {from}",
  // CustomFilters: the choice that filters nothing
  "components.customFilters.any": "Any {field}",
  // DiscardDialog
  "components.discard.title": "Discard your changes?",
  "components.discard.message": "What you typed in this form is not saved yet.",
  "components.discard.keepEditing": "Keep editing",
  // Field: a date that does not read as one
  "components.field.dateExample": "Enter a date like {example}.",
  "components.dateTime.time": "Time",
  "components.dateTime.timeHint": "hh:mm",
  "components.dateTime.example": "Enter a date like {example} and a time like 14:30.",
  // OrganizationPicker
  "components.picker.placeholder": "Type to search…",
  "components.picker.clear": "Clear {label}",
  "components.picker.choices": "{label} choices",
} satisfies Record<`components.${string}`, string>;
