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

/** How a language writes a date: the order of its parts and what separates them. */
export interface DatePattern {
  order: ("day" | "month" | "year")[];
  separator: string;
  /** For a placeholder: "DD.MM.YYYY". */
  hint: string;
}

const ISO_PATTERN: DatePattern = { order: ["year", "month", "day"], separator: "-", hint: "YYYY-MM-DD" };

/** The pattern of `language` ("de-DE", "en-GB"), from the platform's own rules; ISO for null. */
export function datePattern(language: string | null): DatePattern {
  if (!language) return ISO_PATTERN;
  try {
    const parts = new Intl.DateTimeFormat(language, { year: "numeric", month: "2-digit", day: "2-digit" }).formatToParts(
      new Date(2026, 11, 31),
    );
    const order = parts
      .map((p) => p.type)
      .filter((t): t is "day" | "month" | "year" => t === "day" || t === "month" || t === "year");
    const separator = parts.find((p) => p.type === "literal")?.value.trim() || "-";
    if (order.length !== 3 || new Set(order).size !== 3) return ISO_PATTERN;
    // The letters people of that language write in a date field's hint (German: TT.MM.JJJJ).
    const names = language.toLowerCase().startsWith("de")
      ? { day: "TT", month: "MM", year: "JJJJ" }
      : { day: "DD", month: "MM", year: "YYYY" };
    return { order, separator, hint: order.map((o) => names[o]).join(separator) };
  } catch {
    return ISO_PATTERN;
  }
}

/** "2026-12-31" in `pattern` ("31.12.2026"); a value that is not an ISO date stays as it is. */
export function formatDate(iso: string, pattern: DatePattern): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return iso;
  const value = { year: m[1], month: m[2], day: m[3] };
  return pattern.order.map((o) => value[o]).join(pattern.separator);
}

/**
 * A typed date as ISO: ISO itself, or the parts in `pattern`'s order with any separator, one or
 * two digits for day and month, four (or two: 20xx) for the year. Null when it is no real date.
 */
export function parseDate(text: string, pattern: DatePattern): string | null {
  const t = text.trim();
  let y: number, m: number, d: number;
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(t);
  if (iso) {
    [y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  } else {
    const nums = t.split(/[^0-9]+/).filter(Boolean);
    if (nums.length !== 3 || nums.some((n) => n.length > 4)) return null;
    const at = (part: "day" | "month" | "year") => nums[pattern.order.indexOf(part)];
    const year = at("year");
    if (year.length !== 4 && year.length !== 2) return null;
    [y, m, d] = [year.length === 2 ? 2000 + Number(year) : Number(year), Number(at("month")), Number(at("day"))];
  }
  const date = new Date(Date.UTC(y, m - 1, d));
  if (m < 1 || m > 12 || d < 1 || date.getUTCDate() !== d || date.getUTCMonth() !== m - 1) return null;
  return ymd(y, m, d);
}

/**
 * A typed time of day as "HH:MM" (24 hours): "14:30", "9:05", "9.05", "0930", "9", "9:30 pm",
 * "12 am". Null when it is no time.
 */
export function parseTime(text: string): string | null {
  const t = text.trim().toLowerCase().replace(/\s+/g, " ");
  const m = /^(\d{1,2})(?:[:.h]?(\d{2}))?\s?(am|pm|a\.m\.|p\.m\.)?$/.exec(t);
  if (!m) return null;
  let hours = Number(m[1]);
  const minutes = m[2] === undefined ? 0 : Number(m[2]);
  const half = m[3]?.replace(/\./g, "");
  if (half) {
    if (hours < 1 || hours > 12) return null;
    hours = (hours % 12) + (half === "pm" ? 12 : 0);
  }
  if (hours > 23 || minutes > 59) return null;
  return `${String(hours).padStart(2, "0")}:${String(minutes).padStart(2, "0")}`;
}
