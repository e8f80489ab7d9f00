// English messages: notes. Keys start with "notes."; see ../index.svelte.ts for the term arguments.
export default {
} satisfies Record<`notes.${string}`, string>;
