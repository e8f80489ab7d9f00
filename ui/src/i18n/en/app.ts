// English messages: app. Keys start with "app."; see ../index.svelte.ts for the term arguments.
export default {
} satisfies Record<`app.${string}`, string>;
