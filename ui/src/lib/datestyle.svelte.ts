// How dates are written on screen and typed into date fields: as the app's language writes them
// (31.12.2026 in German, 31/12/2026 in British English, 12/31/2026 in US English — taken from
// the language, never from a date picker of another country), or ISO (2026-12-31) as a choice
// in Settings. The backend always stores and sends ISO dates; only the screen changes. The
// choice is this computer's (kept in the webview's storage).
import { datePattern, formatDate, parseDate, type DatePattern } from "./dates";
import { locale } from "../i18n/index.svelte";

export type DateStyle = "language" | "iso";
const KEY = "fieldbook.dateStyle";

function stored(): DateStyle {
  try {
    return localStorage.getItem(KEY) === "iso" ? "iso" : "language";
  } catch {
    return "language";
  }
}

export const dates = $state<{ style: DateStyle }>({ style: stored() });

export function setDateStyle(style: DateStyle) {
  dates.style = style;
  try {
    localStorage.setItem(KEY, style);
  } catch {
    // Not kept for the next start; this session still uses it.
  }
}

/** The pattern in use: the app's language's (its locale: the system's when in that language), or ISO's. */
export function currentPattern(): DatePattern {
  // Without a platform language (the unit tests' Node) ISO, as before there were languages.
  const language = typeof navigator === "undefined" ? null : locale();
  return datePattern(dates.style === "iso" ? null : language);
}

/** An ISO date ("2026-12-31") as the screen writes dates; anything else as it is. */
export function showDate(iso: string | null | undefined): string {
  return iso ? formatDate(iso, currentPattern()) : "";
}

/** What a user typed, as an ISO date (either the screen's way or ISO), or null. */
export function readDate(text: string): string | null {
  return parseDate(text, currentPattern());
}
