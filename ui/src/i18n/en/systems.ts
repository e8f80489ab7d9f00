// English messages: systems. Keys start with "systems."; see ../index.svelte.ts for the term arguments.
export default {
  // SystemsPanel: an organization's systems
  "systems.panel.title": "{Systems}",
  "systems.panel.add": "Add {system}",
  "systems.panel.defineTypeFirst": "Define {a_system} type first",
  "systems.panel.empty": "No {systems} recorded.",
  "systems.panel.hide": "Hide",
  "systems.panel.reveal": "Reveal",
  "systems.panel.copied": "{label} copied. The clipboard is cleared in 30 seconds.",
  "systems.panel.auditLog": "Password access log",
  "systems.panel.auditAction": "{action, select, set {set} reveal {reveal} copy {copy} delete {delete} other {{action}}}",
  "systems.panel.onMachine": "on {machine}",
  "systems.panel.deleteTitle": "Delete {name}?",
  "systems.panel.deleteMessage":
    "Its values, its passwords in the system keyring and its files are deleted. This cannot be undone; archive it instead to keep the record.",
  // SystemForm
  "systems.form.editTitle": "Edit {name}",
  "systems.form.newTitle": "New {system}",
  "systems.form.type": "Type",
  "systems.form.storedSecret": "Stored in the keyring — type to change",
  "systems.form.removeStored": "Remove the stored value",
  "systems.form.save": "Save {system}",
  // SystemTypes: Settings → System types
  "systems.types.title": "{System} types",
  "systems.types.new": "New {system} type",
  "systems.types.typeName": "Type name",
  "systems.types.field": "Field",
  "systems.types.required": "Required",
  "systems.types.fieldLabel": "Field label",
  "systems.types.fieldKind": "Field kind",
  "systems.types.moveUp": "Move up",
  "systems.types.moveDown": "Move down",
  "systems.types.removeField": "Remove field",
  "systems.types.addField": "Add field",
  "systems.types.save": "Save type",
  "systems.types.empty":
    "No {system} types yet. A type says what to record for a kind of {system}: a router's IP address and admin password, a server's version…",
  "systems.types.inUse": "{count, number} in use",
  "systems.types.removeTitle": "Remove fields with values?",
  "systems.types.removeConfirm": "Remove them",
} satisfies Record<`systems.${string}`, string>;
