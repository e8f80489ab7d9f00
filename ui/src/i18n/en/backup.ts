// English messages: backup. Keys start with "backup."; see ../index.svelte.ts for the term arguments.
export default {
} satisfies Record<`backup.${string}`, string>;
