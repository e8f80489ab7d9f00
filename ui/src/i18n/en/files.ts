// English messages: files. Keys start with "files."; see ../index.svelte.ts for the term arguments.
export default {
} satisfies Record<`files.${string}`, string>;
