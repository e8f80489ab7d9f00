// English messages: stream. Keys start with "stream."; see ../index.svelte.ts for the term arguments.
export default {
} satisfies Record<`stream.${string}`, string>;
