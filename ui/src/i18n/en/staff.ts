// English messages: staff. Keys start with "staff."; see ../index.svelte.ts for the term arguments.
export default {
} satisfies Record<`staff.${string}`, string>;
