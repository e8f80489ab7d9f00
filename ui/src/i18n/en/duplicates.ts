// English messages: duplicates. Keys start with "duplicates."; see ../index.svelte.ts for the term arguments.
export default {
} satisfies Record<`duplicates.${string}`, string>;
