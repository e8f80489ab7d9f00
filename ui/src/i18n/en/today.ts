// English messages: today. Keys start with "today."; see ../index.svelte.ts for the term arguments.
export default {
} satisfies Record<`today.${string}`, string>;
