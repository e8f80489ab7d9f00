// English messages: settings. Keys start with "settings."; see ../index.svelte.ts for the term arguments.
export default {
} satisfies Record<`settings.${string}`, string>;
