// English messages: people. Keys start with "people."; see ../index.svelte.ts for the term arguments.
export default {
} satisfies Record<`people.${string}`, string>;
