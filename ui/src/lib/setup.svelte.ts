// The first-start set-up (views/setup/FirstRun.svelte): shown over the app after "Who are you?"
// while the company has no name and this machine has not finished or skipped it, and whenever
// Settings opens it again.
import { getFirstRun } from "../api/settings";

export const firstRun = $state<{ open: boolean }>({ open: false });

/** Asks the backend whether the set-up is still to be offered on this machine. */
export async function checkFirstRun(): Promise<void> {
  try {
    firstRun.open = (await getFirstRun()).needed;
  } catch {
    // Not asking is the safe side: documents still ask before they print "Your company".
    firstRun.open = false;
  }
}
