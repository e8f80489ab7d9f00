// Contracts as the views word them: kinds, renewals, cycles and statuses, and the one line that
// says when a contract ends (pure, so testable).
import type { BillingCycle } from "../bindings/BillingCycle";
import type { Contract } from "../bindings/Contract";
import type { ContractKind } from "../bindings/ContractKind";
import type { ContractStatus } from "../bindings/ContractStatus";
import type { Renewal } from "../bindings/Renewal";

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
  if (c.status === "upcoming") return `Starts ${c.starts_on}`;
  if (!c.current_end) return "Open-ended";
  const left = c.days_left ?? 0;
  if (c.renewal === "automatic") {
    const cancel = c.notice_by ? `; cancel by ${c.notice_by}` : "";
    return `Renews ${c.current_end}${cancel}`;
  }
  if (c.status === "expired") return `Expired ${c.current_end} (${days(-left)} ago)`;
  const when = left === 0 ? "today" : `in ${days(left)}`;
  const notice = c.renewal === "notice" && c.notice_by ? `; renew by ${c.notice_by}` : "";
  return `Ends ${c.current_end} (${when})${notice}`;
}
