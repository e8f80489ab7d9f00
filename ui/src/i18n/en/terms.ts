// English messages: terms. Keys start with "terms."; see ../index.svelte.ts for the term arguments.
export default {
} satisfies Record<`terms.${string}`, string>;
