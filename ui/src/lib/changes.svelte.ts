// Counters of this window's changes that other parts of a page show: billing (time logged or
// deleted, invoices created or voided, prepaid hours topped up — prepaid blocks and unbilled time
// follow) and files (a contract's document is also its organization's file).
import { untrack } from "svelte";

type Area = "billing" | "files";

const changes = $state<Record<Area, number>>({ billing: 0, files: 0 });

/** Says something in `area` changed. */
export function noteChanged(area: Area): void {
  changes[area] += 1;
}

/**
 * Calls `reload` after each change in `area` noted anywhere on the page (the caller's own too),
 * while the calling component lives (call it while the component initialises, as with $effect).
 */
export function onChanged(area: Area, reload: () => unknown): void {
  let seen = untrack(() => changes[area]);
  $effect(() => {
    const now = changes[area];
    if (now !== seen) {
      seen = now;
      untrack(() => reload());
    }
  });
}

/** Says billable time, invoices or prepaid hours changed. */
export const noteBillingChanged = (): void => noteChanged("billing");

/** Calls `reload` after billable time, invoices or prepaid hours changed. */
export const onBillingChanged = (reload: () => unknown): void => onChanged("billing", reload);
