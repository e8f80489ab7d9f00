// English messages: import. Keys start with "import."; see ../index.svelte.ts for the term arguments.
export default {
} satisfies Record<`import.${string}`, string>;
