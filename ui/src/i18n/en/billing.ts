// English messages: billing. Keys start with "billing."; see ../index.svelte.ts for the term arguments.
export default {
} satisfies Record<`billing.${string}`, string>;
