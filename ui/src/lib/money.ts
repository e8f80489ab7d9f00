// Money, rates and time as the billing views show and read them. Amounts are integer minor units
// (cents) end to end; these helpers never go through floating point, so 0.1 + 0.2 cannot leak
// into an invoice.

/** How the locale in use writes numbers: its thousands separator and decimal mark. */
export interface NumberStyle {
  group: string;
  decimal: string;
}

let style: NumberStyle = { group: ",", decimal: "." };

/** The separators of a locale ("de-DE": "." and ","), from the platform's own rules. */
export function numberStyleOf(locale: string): NumberStyle {
  try {
    const parts = new Intl.NumberFormat(locale).formatToParts(1234567.5);
    const group = parts.find((p) => p.type === "group")?.value ?? ",";
    const decimal = parts.find((p) => p.type === "decimal")?.value ?? ".";
    // A no-break space groups digits in some locales; typed text has a plain one.
    return { group: group.replace(/[\u00a0\u202f]/g, " "), decimal };
  } catch {
    return { group: ",", decimal: "." };
  }
}

/** The separators in use. */
export function numberStyle(): NumberStyle {
  return style;
}

/** Sets the separators the helpers below write and read (the i18n layer calls it with the locale). */
export function setNumberStyle(next: NumberStyle) {
  style = next;
}

/** 123456 → "1,234.56" (German: "1.234,56"); negatives get a minus sign ("-3.00"). */
export function formatMoney(minor: number): string {
  const cents = Math.round(minor);
  const sign = cents < 0 ? "-" : "";
  const abs = Math.abs(cents);
  const whole = Math.floor(abs / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, style.group);
  return `${sign}${whole}${style.decimal}${String(abs % 100).padStart(2, "0")}`;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * "1234.5", "1,234.50", "-3", ".5" → minor units (German: "1.234,50", "2,5"); blank, junk,
 * misplaced separators or more than two decimals → null.
 */
export function parseMoney(text: string, from: NumberStyle = style): number | null {
  const g = escape(from.group);
  const d = escape(from.decimal);
  // Digits with optional thousands separators (in the right places only), and at most two decimals.
  const money = new RegExp(`^(-)?(\\d{1,3}(?:${g}\\d{3})+|\\d+)?(?:${d}(\\d{0,2}))?$`);
  const match = money.exec(text.trim());
  if (!match) return null;
  const [, minus, whole = "", decimals] = match;
  if (whole === "" && !decimals) return null;
  const cents = Number(whole.replaceAll(from.group, "") || "0") * 100 + Number((decimals ?? "").padEnd(2, "0"));
  if (!Number.isSafeInteger(cents)) return null;
  return minus && cents !== 0 ? -cents : cents;
}

/** Basis points as a percentage for an input: 1900 → "19", 725 → "7.25" (German "7,25"), 750 → "7.5". */
export function formatPercent(bp: number): string {
  const whole = Math.trunc(bp / 100);
  const rest = Math.abs(bp % 100);
  if (rest === 0) return String(whole);
  return `${whole}${style.decimal}${String(rest).padStart(2, "0").replace(/0$/, "")}`;
}

/** "19", "7.5", "7.25 %" (German "7,5") → basis points; negative, junk or more than two decimals → null. */
export function parsePercent(text: string, from: NumberStyle = style): number | null {
  const match = new RegExp(`^(\\d+)?(?:${escape(from.decimal)}(\\d{0,2}))?\\s*%?$`).exec(text.trim());
  if (!match) return null;
  const [, whole = "", decimals] = match;
  if (whole === "" && !decimals) return null;
  const bp = Number(whole || "0") * 100 + Number((decimals ?? "").padEnd(2, "0"));
  return Number.isSafeInteger(bp) ? bp : null;
}

/** 90 → "1 h 30 min", 45 → "45 min", 120 → "2 h". Accepts the bindings' bigint too. */
export function formatMinutes(m: number | bigint): string {
  const total = Number(m);
  const sign = total < 0 ? "-" : "";
  const abs = Math.abs(total);
  const hours = Math.floor(abs / 60);
  const minutes = abs % 60;
  if (hours === 0) return `${sign}${minutes} min`;
  return minutes === 0 ? `${sign}${hours} h` : `${sign}${hours} h ${minutes} min`;
}

/** A whole number typed in a form ("45", " 90 "); anything else → null. */
export function parseWholeNumber(text: string): number | null {
  const t = text.trim();
  if (!/^\d+$/.test(t)) return null;
  const n = Number(t);
  return Number.isSafeInteger(n) ? n : null;
}
