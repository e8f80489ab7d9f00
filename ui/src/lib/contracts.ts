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
import { t } from "../i18n/index.svelte";

export const KINDS: Record<ContractKind, string> = {
  get managed_service() { return t("contracts.kind.managedService"); },
  get support() { return t("contracts.kind.support"); },
  get warranty() { return t("contracts.kind.warranty"); },
  get prepaid_hours() { return t("contracts.kind.prepaidHours"); },
  get other() { return t("contracts.kind.other"); },
};

export const RENEWALS: Record<Renewal, string> = {
  get none() { return t("contracts.renewal.none"); },
  get automatic() { return t("contracts.renewal.automatic"); },
  get notice() { return t("contracts.renewal.notice"); },
};

/** The billing cycle after an amount ("1,250.00 a month"). */
export const CYCLES: Record<BillingCycle, string> = {
  get monthly() { return t("contracts.cycle.monthly"); },
  get quarterly() { return t("contracts.cycle.quarterly"); },
  get yearly() { return t("contracts.cycle.yearly"); },
  get once() { return t("contracts.cycle.once"); },
};

/** The billing cycle as the form offers it. */
export const CYCLE_CHOICES: Record<BillingCycle, string> = {
  get monthly() { return t("contracts.cycleChoice.monthly"); },
  get quarterly() { return t("contracts.cycleChoice.quarterly"); },
  get yearly() { return t("contracts.cycleChoice.yearly"); },
  get once() { return t("contracts.cycleChoice.once"); },
};

export const STATUSES: Record<ContractStatus, string> = {
  get upcoming() { return t("contracts.status.upcoming"); },
  get active() { return t("contracts.status.active"); },
  get expiring() { return t("contracts.status.expiring"); },
  get expired() { return t("contracts.status.expired"); },
};

/** "Ends 2026-12-31 (in 31 days)", "Expired 2026-10-31 (29 days ago)", "Renews 2027-12-31", "Open-ended". */
export function endLine(c: Pick<Contract, "status" | "renewal" | "current_end" | "days_left" | "starts_on" | "notice_by">): string {
  if (c.status === "upcoming") return t("contracts.end.starts", { date: showDate(c.starts_on) });
  if (!c.current_end) return t("contracts.end.openEnded");
  const left = c.days_left ?? 0;
  const date = showDate(c.current_end);
  if (c.renewal === "automatic") {
    return c.notice_by
      ? t("contracts.end.renewsCancelBy", { date, noticeBy: showDate(c.notice_by) })
      : t("contracts.end.renews", { date });
  }
  if (c.status === "expired") return t("contracts.end.expired", { date, days: -left });
  const line = left === 0 ? t("contracts.end.endsToday", { date }) : t("contracts.end.endsIn", { date, days: left });
  return c.renewal === "notice" && c.notice_by ? t("contracts.end.renewBy", { line, noticeBy: showDate(c.notice_by) }) : line;
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
  const used = formatMinutes(Number(p.invoiced_minutes) + Number(p.pending_minutes));
  const total = formatMinutes(p.total_minutes);
  const left = leftText(p);
  return Number(p.pending_minutes) > 0
    ? t("contracts.prepaid.linePending", { used, total, pending: formatMinutes(p.pending_minutes), left })
    : t("contracts.prepaid.line", { used, total, left });
}

/** "6 h left", "none left", "overdrawn by 1 h 30 min". */
export function leftText(p: Pick<Prepaid, "left_minutes">): string {
  const left = Number(p.left_minutes);
  if (left < 0) return t("contracts.prepaid.overdrawn", { time: formatMinutes(-left) });
  return left === 0 ? t("contracts.prepaid.noneLeft") : t("contracts.prepaid.left", { time: formatMinutes(left) });
}
