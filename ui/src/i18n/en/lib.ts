// English messages: lib. Keys start with "lib."; see ../index.svelte.ts for the term arguments.
export default {
  // lib/format.ts: the address fields
  "lib.address.line1": "Address line 1",
  "lib.address.line2": "Address line 2",
  "lib.address.city": "City",
  "lib.address.region": "Region / state",
  "lib.address.postalCode": "Postal code",
  "lib.address.country": "Country",
  // lib/labels.svelte.ts: the kinds of a system type's fields
  "lib.fieldKind.text": "Text",
  "lib.fieldKind.multiline": "Multi-line text",
  "lib.fieldKind.ipAddress": "IP address",
  "lib.fieldKind.url": "Web address",
  "lib.fieldKind.version": "Version",
  "lib.fieldKind.number": "Number",
  "lib.fieldKind.secret": "Secret (kept in the OS keyring)",
  // lib/labels.svelte.ts: the staff roles
  "lib.role.admin": "Admin",
  "lib.role.admin.hint": "everything, including staff and {system} types",
  "lib.role.office": "Office",
  "lib.role.office.hint": "records, billing and imports",
  "lib.role.technician": "Technician",
  "lib.role.technician.hint": "records, notes, files and time",
  // lib/customFields.ts: the kinds of a custom field
  "lib.customKind.yesNo": "Yes/no",
  "lib.customKind.choice": "Choice list",
} satisfies Record<`lib.${string}`, string>;
