// SLAs as the forms write them and the ticket lists show them (pure, so testable): a weekday's
// business hours as text ("09:00–12:00, 13:00–17:00"), targets as durations ("4h", "1h 30m",
// "90m"), priorities, and how long until (or since) a due time.
import type { Priority } from "../bindings/Priority";
import type { Window } from "../bindings/Window";
import { t } from "../i18n/index.svelte";

export const PRIORITIES: Record<Priority, string> = {
  get urgent() { return t("contracts.priority.urgent"); },
  get high() { return t("contracts.priority.high"); },
  get normal() { return t("contracts.priority.normal"); },
  get low() { return t("contracts.priority.low"); },
};
export const PRIORITY_ORDER: Priority[] = ["urgent", "high", "normal", "low"];

/** The weekdays' names, Monday first, in the language in use. */
export function weekdays(): string[] {
  return [
    t("contracts.weekday.monday"),
    t("contracts.weekday.tuesday"),
    t("contracts.weekday.wednesday"),
    t("contracts.weekday.thursday"),
    t("contracts.weekday.friday"),
    t("contracts.weekday.saturday"),
    t("contracts.weekday.sunday"),
  ];
}

/** The weekdays' short names ("Mon"), Monday first. */
export function weekdaysShort(): string[] {
  return [
    t("contracts.weekdayShort.monday"),
    t("contracts.weekdayShort.tuesday"),
    t("contracts.weekdayShort.wednesday"),
    t("contracts.weekdayShort.thursday"),
    t("contracts.weekdayShort.friday"),
    t("contracts.weekdayShort.saturday"),
    t("contracts.weekdayShort.sunday"),
  ];
}

const clock = (m: number) => `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;

/** The windows of `weekday` (1 = Monday) as text: "09:00–17:00", several joined by ", "; "" when closed. */
export function dayText(windows: Window[], weekday: number): string {
  return windows
    .filter((w) => w.weekday === weekday)
    .sort((a, b) => a.open - b.open)
    .map((w) => `${clock(w.open)}–${clock(w.close)}`)
    .join(", ");
}

/** "09:00-17:00, 18:00–20:00" → windows of `weekday`; "" → none; anything else → null. */
export function parseDay(text: string, weekday: number): Window[] | null {
  const t = text.trim();
  if (t === "") return [];
  const windows: Window[] = [];
  for (const part of t.split(",")) {
    const m = /^\s*(\d{1,2}):(\d{2})\s*[-–]\s*(\d{1,2}):(\d{2})\s*$/.exec(part);
    if (!m) return null;
    const [h1, m1, h2, m2] = m.slice(1).map(Number);
    if (h1 > 23 || m1 > 59 || h2 > 24 || m2 > 59 || (h2 === 24 && m2 !== 0)) return null;
    windows.push({ weekday, open: h1 * 60 + m1, close: h2 * 60 + m2 });
  }
  return windows;
}

/** 90 → "1h 30m", 240 → "4h", 45 → "45m"; null → "". */
export function durationText(minutes: number | null): string {
  if (minutes === null) return "";
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return [h > 0 ? `${h}h` : "", m > 0 ? `${m}m` : ""].filter(Boolean).join(" ") || "0m";
}

/** "4h", "1h 30m", "1.5h", "90m", "90" (minutes) → minutes; "" → null; junk → undefined. */
export function parseDuration(text: string): number | null | undefined {
  const t = text.trim().toLowerCase();
  if (t === "") return null;
  if (/^\d+$/.test(t)) return Number(t);
  const m = /^(?:(\d+(?:\.\d+)?)\s*h)?\s*(?:(\d+)\s*m)?$/.exec(t);
  if (!m || (m[1] === undefined && m[2] === undefined)) return undefined;
  return Math.round(Number(m[1] ?? 0) * 60) + Number(m[2] ?? 0);
}

/** "due in 2h 10m", "overdue by 35m", "due now" — from `now` to `due` (ISO instants). */
export function dueText(due: string, now: Date): string {
  const minutes = Math.round((Date.parse(due) - now.getTime()) / 60_000);
  if (minutes === 0) return t("contracts.due.now");
  if (minutes > 0) return t("contracts.due.in", { time: durationText(Math.min(minutes, 60 * 24 * 365)) });
  return t("contracts.due.overdue", { time: durationText(Math.min(-minutes, 60 * 24 * 365)) });
}
