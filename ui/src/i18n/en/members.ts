// English messages: members. Keys start with "members."; see ../index.svelte.ts for the term arguments.
export default {
} satisfies Record<`members.${string}`, string>;
