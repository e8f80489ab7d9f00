// English messages: activities. Keys start with "activities."; see ../index.svelte.ts for the term arguments.
export default {
} satisfies Record<`activities.${string}`, string>;
