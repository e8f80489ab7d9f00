// English messages: contracts. Keys start with "contracts."; see ../index.svelte.ts for the term arguments.
export default {
} satisfies Record<`contracts.${string}`, string>;
