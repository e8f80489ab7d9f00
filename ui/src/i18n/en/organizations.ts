// English messages: organizations. Keys start with "organizations."; see ../index.svelte.ts for the term arguments.
export default {
} satisfies Record<`organizations.${string}`, string>;
