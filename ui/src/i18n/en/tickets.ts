// English messages: tickets. Keys start with "tickets."; see ../index.svelte.ts for the term arguments.
export default {
} satisfies Record<`tickets.${string}`, string>;
