// English messages: systems. Keys start with "systems."; see ../index.svelte.ts for the term arguments.
export default {
} satisfies Record<`systems.${string}`, string>;
