// English messages: search. Keys start with "search."; see ../index.svelte.ts for the term arguments.
export default {
} satisfies Record<`search.${string}`, string>;
