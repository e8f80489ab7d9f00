// Deutsche Texte: duplicates (every key of ../en/duplicates.ts, translated).
import type en from "../en/duplicates";

export default {
} satisfies Record<keyof typeof en, string>;
