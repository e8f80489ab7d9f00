// Deutsche Texte: billing (every key of ../en/billing.ts, translated).
import type en from "../en/billing";

export default {
} satisfies Record<keyof typeof en, string>;
