// Contracts as the views word them: kinds, renewals, cycles and statuses, and the one line that
// says when a contract ends, prepaid hours read and typed (pure, so testable).
import type { BillingCycle } from "../bindings/BillingCycle";
import type { Contract } from "../bindings/Contract";
import type { ContractKind } from "../bindings/ContractKind";
import type { ContractStatus } from "../bindings/ContractStatus";
import type { Prepaid } from "../bindings/Prepaid";
import type { Renewal } from "../bindings/Renewal";
import { formatMinutes } from "./money";
import { showDate } from "./datestyle.svelte";

export const KINDS: Record<ContractKind, string> = {
  managed_service: "Managed service",
  support: "Support",
  warranty: "Warranty",
  prepaid_hours: "Prepaid hours",
  other: "Other",
};

export const RENEWALS: Record<Renewal, string> = {
  none: "Ends",
  automatic: "Renews automatically",
  notice: "Renews on notice",
};

export const CYCLES: Record<BillingCycle, string> = {
  monthly: "a month",
  quarterly: "a quarter",
  yearly: "a year",
  once: "once",
};

/** The billing cycle as the form offers it. */
export const CYCLE_CHOICES: Record<BillingCycle, string> = {
  monthly: "Monthly",
  quarterly: "Quarterly",
  yearly: "Yearly",
  once: "Once",
};

export const STATUSES: Record<ContractStatus, string> = {
  upcoming: "Upcoming",
  active: "Active",
  expiring: "Expiring",
  expired: "Expired",
};

const days = (n: number) => `${n} ${n === 1 ? "day" : "days"}`;

/** "Ends 2026-12-31 (in 31 days)", "Expired 2026-10-31 (29 days ago)", "Renews 2027-12-31", "Open-ended". */
export function endLine(c: Pick<Contract, "status" | "renewal" | "current_end" | "days_left" | "starts_on" | "notice_by">): string {
  if (c.status === "upcoming") return `Starts ${showDate(c.starts_on)}`;
  if (!c.current_end) return "Open-ended";
  const left = c.days_left ?? 0;
  if (c.renewal === "automatic") {
    const cancel = c.notice_by ? `; cancel by ${showDate(c.notice_by)}` : "";
    return `Renews ${showDate(c.current_end)}${cancel}`;
  }
  if (c.status === "expired") return `Expired ${showDate(c.current_end)} (${days(-left)} ago)`;
  const when = left === 0 ? "today" : `in ${days(left)}`;
  const notice = c.renewal === "notice" && c.notice_by ? `; renew by ${showDate(c.notice_by)}` : "";
  return `Ends ${showDate(c.current_end)} (${when})${notice}`;
}

/**
 * Hours as typed in a prepaid-hours form — "10", "7.5", "7,5", "7:30", "-2" (a correction, when
 * `allowNegative`) — in minutes; null when it is not a number of hours.
 */
export function parseHours(text: string, allowNegative = false): number | null {
  const t = text.trim().replace(/\s*h$/i, "");
  const m = /^(-?)(\d{1,6})(?:(?:[.,](\d{1,2}))|(?::([0-5]\d)))?$/.exec(t);
  if (!m) return null;
  const [, sign, whole, decimals, clockMinutes] = m;
  if (sign && !allowNegative) return null;
  let minutes = Number(whole) * 60;
  if (decimals !== undefined) minutes += Math.round((Number(decimals) / 10 ** decimals.length) * 60);
  if (clockMinutes !== undefined) minutes += Number(clockMinutes);
  if (minutes === 0) return null;
  return sign ? -minutes : minutes;
}

/** "4 h used of 10 h · 6 h left" (with "2 h not yet invoiced" when time is pending; "overdrawn"). */
export function prepaidLine(p: Prepaid): string {
  const used = Number(p.invoiced_minutes) + Number(p.pending_minutes);
  const pending = Number(p.pending_minutes) > 0 ? ` (${formatMinutes(p.pending_minutes)} not yet invoiced)` : "";
  return `${formatMinutes(used)} used of ${formatMinutes(p.total_minutes)}${pending} · ${leftText(p)}`;
}

/** "6 h left", "none left", "overdrawn by 1 h 30 min". */
export function leftText(p: Pick<Prepaid, "left_minutes">): string {
  const left = Number(p.left_minutes);
  if (left < 0) return `overdrawn by ${formatMinutes(-left)}`;
  return left === 0 ? "none left" : `${formatMinutes(left)} left`;
}
