// English messages: lib. Keys start with "lib."; see ../index.svelte.ts for the term arguments.
export default {
} satisfies Record<`lib.${string}`, string>;
