// The Today page's wording (pure, so testable).
import type { Ticket } from "../bindings/Ticket";

/** The due time that matters now: the response's until answered, then the resolution's. */
export function ticketDue(t: Pick<Ticket, "response_due_at" | "resolution_due_at" | "first_response_at">): string | null {
  if (!t.first_response_at && t.response_due_at) return t.response_due_at;
  return t.resolution_due_at;
}

/** "3 more" under a short list of `shown` out of `count`; "" when all are shown. */
export function moreText(count: number, shown: number): string {
  const more = count - shown;
  return more > 0 ? `${more.toLocaleString("en")} more` : "";
}

/** "1 customer", "3 customers". */
export function plural(n: number, one: string, many: string): string {
  return `${n.toLocaleString("en")} ${n === 1 ? one : many}`;
}
