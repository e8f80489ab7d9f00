// This machine's team status for the indicator, Settings → Team and the Conflicts view, kept
// current by the backend's events; and a counter of sync rounds that received rows, which open
// lists and views watch to load again.
import { untrack } from "svelte";
import { listen } from "@tauri-apps/api/event";
import { getTeamStatus } from "../api/team";
import type { SyncReport } from "../bindings/SyncReport";
import type { TeamStatus } from "../bindings/TeamStatus";

export const team = $state<{ status: TeamStatus | null; pulls: number }>({ status: null, pulls: 0 });

/** Asks the backend for the status (after publishing, joining, resolving, leaving). */
export async function refreshTeam(): Promise<void> {
  try {
    team.status = await getTeamStatus();
  } catch {
    // The indicator keeps what it showed; Settings → Team shows the failure itself.
  }
}

/** Follows the backend's team events (the shell does this once); returns the stop function. */
export function watchTeam(): () => void {
  let cancelled = false;
  const stops: (() => void)[] = [];
  const keep = (stop: () => void) => (cancelled ? stop() : stops.push(stop));
  refreshTeam();
  listen<TeamStatus>("team-status", (e) => (team.status = e.payload)).then(keep, () => {});
  listen<SyncReport>("team-synced", (e) => {
    if (e.payload.pulled > 0) team.pulls += 1;
  }).then(keep, () => {
    // Outside the app (tests, browser) there is no event bus.
  });
  return () => {
    cancelled = true;
    stops.forEach((stop) => stop());
  };
}

/**
 * Calls `reload` after each sync round that received rows, while the calling component lives
 * (call it while the component initialises, as with $effect).
 */
export function onTeamSynced(reload: () => unknown): void {
  let seen = untrack(() => team.pulls);
  $effect(() => {
    const pulls = team.pulls;
    if (pulls !== seen) {
      seen = pulls;
      untrack(() => reload());
    }
  });
}
