// The Today page's wording (pure, so testable).
import type { Ticket } from "../bindings/Ticket";
import { formatNumber, t } from "../i18n/index.svelte";

/** The due time that matters now: the response's until answered, then the resolution's. */
export function ticketDue(ticket: Pick<Ticket, "response_due_at" | "resolution_due_at" | "first_response_at">): string | null {
  if (!ticket.first_response_at && ticket.response_due_at) return ticket.response_due_at;
  return ticket.resolution_due_at;
}

/** "3 more" under a short list of `shown` out of `count`; "" when all are shown. */
export function moreText(count: number, shown: number): string {
  const more = count - shown;
  return more > 0 ? t("today.more", { count: more }) : "";
}

/** "1 customer", "3 customers" (the number as the locale writes it; the words are the caller's). */
export function plural(n: number, one: string, many: string): string {
  return `${formatNumber(n)} ${n === 1 ? one : many}`;
}
