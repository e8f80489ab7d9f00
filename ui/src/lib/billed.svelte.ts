// A counter of this window's changes to billable time (time logged or deleted, invoices created
// or voided, prepaid hours topped up), which what shows prepaid hours or unbilled time watches to
// load again.
import { untrack } from "svelte";

const billed = $state({ changes: 0 });

/** Says billable time or invoices changed. */
export function noteBillingChanged(): void {
  billed.changes += 1;
}

/**
 * Calls `reload` after each change to billable time, while the calling component lives (call it
 * while the component initialises, as with $effect).
 */
export function onBillingChanged(reload: () => unknown): void {
  let seen = untrack(() => billed.changes);
  $effect(() => {
    const changes = billed.changes;
    if (changes !== seen) {
      seen = changes;
      untrack(() => reload());
    }
  });
}
