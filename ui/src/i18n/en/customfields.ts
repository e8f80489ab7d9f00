// English messages: customfields. Keys start with "customfields."; see ../index.svelte.ts for the term arguments.
export default {
} satisfies Record<`customfields.${string}`, string>;
