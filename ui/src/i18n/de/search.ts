// Deutsche Texte: search (every key of ../en/search.ts, translated).
import type en from "../en/search";

export default {
} satisfies Record<keyof typeof en, string>;
