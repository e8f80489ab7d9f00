// Deutsche Texte: terms (every key of ../en/terms.ts, translated).
import type en from "../en/terms";

export default {
} satisfies Record<keyof typeof en, string>;
