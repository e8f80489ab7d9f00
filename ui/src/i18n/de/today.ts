// Deutsche Texte: today (every key of ../en/today.ts, translated).
import type en from "../en/today";

export default {
} satisfies Record<keyof typeof en, string>;
