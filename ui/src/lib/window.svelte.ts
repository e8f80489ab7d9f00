// Whether the window is narrow (below 900 px wide; the app allows 760): lists then leave out
// their less important columns rather than cut them off.
const query = typeof window === "undefined" ? null : window.matchMedia("(max-width: 900px)");

export const narrowWindow = $state({ matches: query?.matches ?? false });

query?.addEventListener("change", (event) => (narrowWindow.matches = event.matches));
