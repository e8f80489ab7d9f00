// English messages: setup. Keys start with "setup."; see ../index.svelte.ts for the term arguments.
export default {
} satisfies Record<`setup.${string}`, string>;
