// English messages: components. Keys start with "components."; see ../index.svelte.ts for the term arguments.
export default {
} satisfies Record<`components.${string}`, string>;
