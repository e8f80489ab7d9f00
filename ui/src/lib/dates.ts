// Local calendar dates as the backend stores them ("YYYY-MM-DD"), for form defaults. Pure string
// arithmetic on the date the backend calls today, so the UI and the books agree on the day.

function pad(n: number): string {
  return String(n).padStart(2, "0");
}

function ymd(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, "0")}-${pad(month)}-${pad(day)}`;
}

function parts(date: string): [number, number] {
  return [Number(date.slice(0, 4)), Number(date.slice(5, 7))];
}

/** The computer's local date, for when the backend cannot be asked. */
export function localDate(d: Date = new Date()): string {
  return ymd(d.getFullYear(), d.getMonth() + 1, d.getDate());
}

/** "2026-03-17" → "2026-03-01". */
export function firstOfMonth(date: string): string {
  const [y, m] = parts(date);
  return ymd(y, m, 1);
}

/** The first and last day of the month before `date`'s: "2026-03-17" → 2026-02-01 … 2026-02-28. */
export function previousMonth(date: string): { from: string; to: string } {
  const [y, m] = parts(date);
  const year = m === 1 ? y - 1 : y;
  const month = m === 1 ? 12 : m - 1;
  // Day 0 of the next month is the last day of this one (UTC, so no DST shift).
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return { from: ymd(year, month, 1), to: ymd(year, month, last) };
}

/**
 * The period "Create invoice from unbilled time" offers, given the earliest unbilled work date:
 * last month when time from before this month waits (from that time on, if older); only this
 * month's (up to today) when that is all there is; last month when nothing waits.
 */
export function invoicePeriod(today: string, since: string | null): { from: string; to: string } {
  const last = previousMonth(today);
  if (!since) return last;
  const month = firstOfMonth(today);
  if (since < month) return { from: since < last.from ? since : last.from, to: last.to };
  return { from: month, to: today };
}
