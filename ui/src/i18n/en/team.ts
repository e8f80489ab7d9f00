// English messages: team. Keys start with "team."; see ../index.svelte.ts for the term arguments.
export default {
} satisfies Record<`team.${string}`, string>;
